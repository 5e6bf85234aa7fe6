import type { ItemSnapshot } from '@pipe/events';
import type { NormalizeResult } from '../../kit/index.js';
import type { AssistantDelivery } from './assistant-delivery.js';
import { sessionItemId } from '../ids.js';
import { EventBuilder } from './event-builder.js';
import { SessionEndInput, SessionStartInput, parseHookInput } from './hook-input.js';
import { projectContainer, projectContext } from './project-context.js';

function sessionSnapshot(
  sessionId: string,
  state: 'active' | 'ended',
  body: string,
  context: ReturnType<typeof projectContext>,
  builder: EventBuilder,
  receivedAt: string,
): ItemSnapshot {
  return {
    id: sessionItemId(sessionId),
    platform: 'assistant',
    kind: 'session',
    title: `${context.assistant} session ${sessionId.slice(0, 8)} in ${context.project}`,
    titleComposed: true,
    body,
    url: null,
    state,
    ...projectContainer(context),
    parentId: null,
    author: context.actor,
    // Only the start knows when the session began; the end's snapshot leaves it unknown.
    createdAt: state === 'active' ? receivedAt : null,
    updatedAt: receivedAt,
    version: builder.version,
  };
}

/** `SessionStart`: the session item (state `active`) and a `started` activity. */
export function normalizeSessionStart(delivery: AssistantDelivery): NormalizeResult {
  const input = parseHookInput(SessionStartInput, delivery.payload);
  const context = projectContext(delivery.headers, input.cwd);
  const builder = new EventBuilder(delivery).identity(context);
  const how = input.source ?? 'startup';
  const body = [
    `${context.assistant} session started (${how}) in ${input.cwd ?? 'an unknown directory'}.`,
    input.model ? `Model: ${input.model}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const session = sessionSnapshot(input.session_id, 'active', body, context, builder, delivery.receivedAt);
  return builder
    .item(session)
    .container(context)
    .activity({
      itemId: session.id,
      verb: 'started',
      actor: context.actor,
      summary: `${context.assistant} session started (${how}) in ${context.project}`,
    })
    .result();
}

/** `SessionEnd`: a newer snapshot of the session (state `ended`) and an `ended` activity. */
export function normalizeSessionEnd(delivery: AssistantDelivery): NormalizeResult {
  const input = parseHookInput(SessionEndInput, delivery.payload);
  const context = projectContext(delivery.headers, input.cwd);
  const builder = new EventBuilder(delivery).identity(context);
  const why = input.reason ?? 'other';
  const session = sessionSnapshot(
    input.session_id,
    'ended',
    `${context.assistant} session ended (${why}) in ${input.cwd ?? 'an unknown directory'}.`,
    context,
    builder,
    delivery.receivedAt,
  );
  return builder
    .item(session)
    .container(context)
    .activity({
      itemId: session.id,
      verb: 'ended',
      actor: context.actor,
      summary: `${context.assistant} session ended (${why}) in ${context.project}`,
    })
    .result();
}
