import { createHash } from 'node:crypto';
import type { NormalizeResult } from '../../kit/index.js';
import type { AssistantDelivery } from './assistant-delivery.js';
import { promptItemId, sessionItemId } from '../ids.js';
import { EventBuilder } from './event-builder.js';
import { UserPromptSubmitInput, parseHookInput } from './hook-input.js';
import { projectContainer, projectContext } from './project-context.js';

/**
 * `UserPromptSubmit`. The prompt's text is kept only when the team opted in: then it becomes a
 * `prompt` item, PART_OF its session and searchable. Otherwise only the fact that a prompt was
 * submitted reaches the log, never its words.
 */
export function normalizePromptSubmit(delivery: AssistantDelivery): NormalizeResult {
  const input = parseHookInput(UserPromptSubmitInput, delivery.payload);
  const context = projectContext(delivery.headers, input.cwd);
  const builder = new EventBuilder(delivery).identity(context);
  const session = sessionItemId(input.session_id);
  if (!delivery.storePrompts || input.prompt === undefined) {
    return builder
      .activity({
        itemId: session,
        verb: 'prompted',
        actor: context.actor,
        summary: `a prompt was submitted to ${context.assistant} (its text is not kept: prompts are off for this team)`,
      })
      .result();
  }
  const prompt = input.prompt;
  const key = input.prompt_id ?? createHash('sha256').update(prompt).digest('hex').slice(0, 16);
  const id = promptItemId(input.session_id, key);
  const firstLine = prompt.trim().split(/\r?\n/, 1)[0] ?? '';
  return builder
    .item({
      id,
      platform: 'assistant',
      kind: 'prompt',
      title: firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine || 'Prompt',
      titleComposed: true,
      body: prompt,
      url: null,
      state: null,
      ...projectContainer(context),
      parentId: session,
      author: context.actor,
      createdAt: delivery.receivedAt,
      updatedAt: delivery.receivedAt,
      version: builder.version,
    })
    .container(context)
    .link(id, session, 'PART_OF')
    .activity({ itemId: session, verb: 'prompted', actor: context.actor, summary: `a prompt was submitted to ${context.assistant}` })
    .result();
}
