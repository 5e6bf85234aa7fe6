import type { IdentityRef, ItemSnapshot } from '@pipe/events';
import { type ObservedIdentity, parsePayload, skipDelivery } from '../../kit/index.js';
import { z } from 'zod';
import { observedSlackIdentity, slackIdentityRef } from './identity.js';
import type { SlackEventContext, SlackOutcome } from './slack-delivery.js';
import { slackContainer, slackMessageId } from '../ids.js';
import { slackMessageUrl } from '../links.js';
import { SlackMessage, SlackTs } from './slack-schemas.js';
import { secondsIso, tsIso, tsVersion } from './slack-time.js';

/** Subtypes that are a message someone posted (the rest are channel notices or hidden updates). */
const POSTED_SUBTYPES = new Set([undefined, 'bot_message', 'thread_broadcast', 'file_share', 'me_message']);

/**
 * Whether a message of this subtype is one someone posted, which Pipe keeps as an item. Channel
 * notices (`channel_join`…) are not, nor a `tombstone`: what history shows in place of a deleted
 * thread root that still has replies.
 */
export const isPostedMessage = (subtype: string | undefined): boolean => POSTED_SUBTYPES.has(subtype);

const MessageEvent = SlackMessage.extend({ channel: z.string().min(1) });
const MessageChangedEvent = z.looseObject({
  channel: z.string().min(1),
  ts: SlackTs.optional(),
  event_ts: SlackTs.optional(),
  message: SlackMessage,
});
const MessageDeletedEvent = z.looseObject({
  channel: z.string().min(1),
  deleted_ts: SlackTs,
  ts: SlackTs.optional(),
  event_ts: SlackTs.optional(),
  previous_message: SlackMessage.optional(),
});

const TITLE_LENGTH = 80;

/** Slack messages have no title; their first line is what a person would recognise them by. */
function messageTitle(text: string): string {
  const firstLine = text.trim().split('\n', 1)[0] ?? '';
  if (firstLine === '') return 'Slack message';
  return firstLine.length > TITLE_LENGTH ? `${firstLine.slice(0, TITLE_LENGTH - 1)}…` : firstLine;
}

function author(message: SlackMessage): IdentityRef | null {
  if (message.user) return slackIdentityRef(message.user, message.user_profile?.display_name || message.user_profile?.name);
  if (message.bot_id) return slackIdentityRef(message.bot_id, message.username);
  return null;
}

export function authorIdentity(message: SlackMessage): ObservedIdentity[] {
  const ref = author(message);
  if (!ref) return [];
  return [observedSlackIdentity(ref.externalId, { handle: ref.handle, name: message.user_profile?.real_name ?? null })];
}

/** The root of the thread a message replies in, or null for a top-level message (or a root). */
const threadRootTs = (message: SlackMessage): string | null =>
  message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null;

export function messageSnapshot(teamId: string, channel: string, message: SlackMessage, version: number): ItemSnapshot {
  const text = message.text ?? '';
  const root = threadRootTs(message);
  return {
    id: slackMessageId(teamId, channel, message.ts),
    platform: 'slack',
    kind: 'message',
    title: messageTitle(text),
    titleComposed: true,
    body: text,
    url: slackMessageUrl(channel, message.ts, message.thread_ts),
    state: null,
    container: slackContainer(teamId, channel),
    // A reply's parent is its thread's root message: the projector makes that a REPLIES_TO edge.
    parentId: root ? slackMessageId(teamId, channel, root) : null,
    author: author(message),
    createdAt: tsIso(message.ts),
    updatedAt: tsIso(message.edited?.ts ?? message.ts),
    version,
  };
}

const handleOf = (ref: IdentityRef | null): string => ref?.handle ?? 'someone';

/**
 * A `message` event: a posted message (or thread reply) becomes a message item, `message_changed`
 * a newer version of it, `message_deleted` its removal. Channel notices (joins, topic changes…)
 * are skipped: the dedicated events (`member_joined_channel`, `channel_rename`) carry them.
 */
export function normalizeMessage(context: SlackEventContext): SlackOutcome {
  const subtype = (context.event as { subtype?: string }).subtype;
  if (subtype === 'message_changed') return normalizeMessageChanged(context);
  if (subtype === 'message_deleted') return normalizeMessageDeleted(context);
  if (!isPostedMessage(subtype)) {
    return skipDelivery(
      'message',
      subtype ?? null,
      `slack message subtype '${subtype}' is not normalised (channel notices come as their own events)`,
    );
  }
  const what = `the slack 'message' event of delivery ${context.eventId}`;
  const message = parsePayload(MessageEvent, context.event, what);
  const snapshot = messageSnapshot(context.teamId, message.channel, message, tsVersion(message.edited?.ts ?? message.ts));
  const root = threadRootTs(message);
  const verb = root ? 'replied' : 'posted';
  return {
    occurredAt: tsIso(message.ts),
    identities: authorIdentity(message),
    items: [{ type: 'item.observed', data: { item: snapshot } }],
    activities: [
      {
        // On the message itself, a reply too: the summary quotes this message's text, which its
        // removal must take with it (the thread's root shows the reply through REPLIES_TO).
        itemId: snapshot.id,
        verb,
        actor: snapshot.author,
        summary: `${handleOf(snapshot.author)} ${verb} in ${message.channel}: ${snapshot.title}`,
      },
    ],
  };
}

function normalizeMessageChanged(context: SlackEventContext): SlackOutcome {
  const event = parsePayload(MessageChangedEvent, context.event, `the slack 'message_changed' event of delivery ${context.eventId}`);
  const { message } = event;
  // The edit's own time orders the versions; a change without one (an unfurl, a language tag)
  // is as new as the event that reports it.
  const changedAt = event.ts ?? event.event_ts;
  const version = Math.max(tsVersion(message.edited?.ts ?? message.ts), changedAt ? tsVersion(changedAt) : 0);
  const snapshot = messageSnapshot(context.teamId, event.channel, message, version);
  const editor = message.edited?.user ? slackIdentityRef(message.edited.user) : snapshot.author;
  return {
    occurredAt: tsIso(message.edited?.ts ?? changedAt ?? message.ts),
    identities: authorIdentity(message),
    items: [{ type: 'item.observed', data: { item: snapshot } }],
    activities: [
      {
        itemId: snapshot.id,
        verb: 'edited',
        actor: editor,
        summary: `${handleOf(editor)} edited a message in ${event.channel}: ${snapshot.title}`,
      },
    ],
  };
}

function normalizeMessageDeleted(context: SlackEventContext): SlackOutcome {
  const event = parsePayload(MessageDeletedEvent, context.event, `the slack 'message_deleted' event of delivery ${context.eventId}`);
  const itemId = slackMessageId(context.teamId, event.channel, event.deleted_ts);
  const deletedAt = event.ts ?? event.event_ts;
  // The removal must outrank every snapshot of the message, its last edit included.
  const version = Math.max(deletedAt ? tsVersion(deletedAt) : 0, tsVersion(event.deleted_ts) + 1);
  return {
    occurredAt: deletedAt ? tsIso(deletedAt) : secondsIso(context.eventTime),
    identities: [],
    items: [{ type: 'item.removed', data: { itemId, platform: 'slack', kind: 'message', version } }],
    activities: [{ itemId, verb: 'deleted', actor: null, summary: `a message in ${event.channel} was deleted` }],
  };
}
