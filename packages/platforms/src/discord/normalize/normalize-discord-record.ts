import { z } from 'zod';
import { type IngestDelivery, type NormalizeResult, containerSnapshot, factsToEvents } from '../../kit/index.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { discordChannelId } from '../ids.js';
import { discordChannelUrl } from '../links.js';
import { discordChannelSighting } from './container.js';
import { skipDiscord } from './discord-delivery.js';
import { DiscordMessage, Snowflake, parseDiscordPayload } from './discord-schemas.js';
import { isConversationMessage, messageSnapshot, observedDiscordIdentity } from './message-snapshot.js';

const Context = z.looseObject({ guildId: Snowflake });
/** Announcement, public and private threads (channel types 10–12). */
const THREAD_TYPES = new Set([10, 11, 12]);
const MessageRecord = z.object({ record: DiscordMessage, context: Context });
const ChannelRecord = z.object({
  record: z.looseObject({ id: Snowflake, name: z.string(), type: z.number().int().optional(), topic: z.string().nullish() }),
  context: Context,
});

/**
 * A `PIPE_RAW` record a Discord backfill wrote (services/sync): a message from
 * `GET /channels/{id}/messages` becomes the snapshot a `MESSAGE_CREATE` gives (versioned by its
 * last edit) with its author and its channel; a channel (`GET /guilds/{id}/channels`) or a thread
 * (the thread listings) becomes the channel item, named. No activity: a backfill states what exists, not who did what.
 */
export function normalizeDiscordRecord(delivery: IngestDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'discord');
  const what = `the discord ${resource} record of ${delivery.deliveryId}`;
  if (resource === 'channel') {
    const { record, context } = parseDiscordPayload(ChannelRecord, delivery.payload, what);
    const channel = containerSnapshot({
      id: discordChannelId(context.guildId, record.id),
      platform: 'discord',
      kind: 'channel',
      // A thread is named like a topic ("Deploy fails on arm64"), a channel like `#deploys`.
      title: THREAD_TYPES.has(record.type ?? 0) ? record.name : `#${record.name}`,
      body: record.topic ?? '',
      url: discordChannelUrl(context.guildId, record.id),
    });
    return {
      outcome: 'events',
      events: factsToEvents(delivery, {
        occurredAt: delivery.receivedAt,
        identities: [],
        items: [{ type: 'item.observed', data: { item: channel } }],
        activities: [],
      }),
    };
  }
  if (resource !== 'message') return skipDiscord(resource, `discord API resource '${resource}' is not normalised`);
  const { record, context } = parseDiscordPayload(MessageRecord, delivery.payload, what);
  if (!isConversationMessage(record.type))
    return skipDiscord(resource, `discord message type ${record.type} is a system message, not conversation`);
  const snapshot = messageSnapshot(record, context.guildId);
  return {
    outcome: 'events',
    events: factsToEvents(delivery, {
      occurredAt: snapshot.updatedAt ?? delivery.receivedAt,
      // A webhook's "author" is the webhook, not a person.
      identities: record.webhook_id ? [] : [observedDiscordIdentity(record.author)],
      items: [
        { type: 'item.observed', data: { item: snapshot } },
        { type: 'item.observed', data: { item: containerSnapshot(discordChannelSighting(context.guildId, record.channel_id)) } },
      ],
      activities: [],
    }),
  };
}
