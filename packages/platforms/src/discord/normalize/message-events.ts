import { type EventOrigin, type PipeEvent, createEvent } from '@pipe/events';
import { type NormalizeResult, containerSnapshot } from '../../kit/index.js';
import { discordChannelSighting } from './container.js';
import { type DiscordDelivery, skipDiscord } from './discord-delivery.js';
import { discordMessageId, snowflakeTime } from '../ids.js';
import { DiscordMessage, DiscordMessageDelete, parseDiscordPayload } from './discord-schemas.js';
import { discordIdentityRef, isConversationMessage, messageSnapshot, observedDiscordIdentity } from './message-snapshot.js';

function origin(delivery: DiscordDelivery, occurredAt: string): EventOrigin {
  return {
    team: delivery.team,
    source: { platform: 'discord', deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt },
    occurredAt,
  };
}

/**
 * `MESSAGE_CREATE` / `MESSAGE_UPDATE`: the author, the message's snapshot and what the author did.
 * An update without content (Discord sends some partial updates, e.g. when an embed resolves) is
 * skipped: it carries nothing to store, and a snapshot without text would blank the message.
 */
export function normalizeMessageUpsert(
  delivery: DiscordDelivery,
  dispatch: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
  data: unknown,
): NormalizeResult {
  const partial = data as { content?: unknown; author?: unknown; timestamp?: unknown } | null;
  if (
    dispatch === 'MESSAGE_UPDATE' &&
    (typeof partial?.content !== 'string' || partial.author === undefined || partial.timestamp === undefined)
  ) {
    return skipDiscord(dispatch, 'a partial MESSAGE_UPDATE without the message content changes nothing Pipe stores');
  }
  const message = parseDiscordPayload(DiscordMessage, data, `discord ${dispatch}`);
  if (!message.guild_id) return skipDiscord(dispatch, 'direct messages are not ingested; only guild channels are');
  if (!isConversationMessage(message.type)) {
    return skipDiscord(dispatch, `discord message type ${message.type} is a system message, not conversation`);
  }
  const snapshot = messageSnapshot(message, message.guild_id);
  const at = snapshot.updatedAt ?? delivery.receivedAt;
  const edited = dispatch === 'MESSAGE_UPDATE';
  const events: PipeEvent[] = [];
  if (!message.webhook_id)
    events.push(createEvent(origin(delivery, at), { type: 'identity.observed', data: observedDiscordIdentity(message.author) }));
  events.push(createEvent(origin(delivery, at), { type: 'item.observed', data: { item: snapshot } }));
  // The channel the message is in, thinly, so its PART_OF lands on an item.
  events.push(
    createEvent(origin(delivery, at), {
      type: 'item.observed',
      data: { item: containerSnapshot(discordChannelSighting(message.guild_id, message.channel_id)) },
    }),
  );
  events.push(
    createEvent(origin(delivery, at), {
      type: 'activity.observed',
      data: {
        activityId: `discord:${delivery.deliveryId}:0`,
        itemId: snapshot.id,
        verb: edited ? 'edited' : snapshot.parentId ? 'replied' : 'posted',
        actor: message.webhook_id ? null : discordIdentityRef(message.author),
        summary: `${message.author.username} ${edited ? 'edited a message' : snapshot.parentId ? 'replied' : 'posted'} in ${snapshot.container}: ${snapshot.title}`,
      },
    }),
  );
  return { outcome: 'events', events };
}

/**
 * `MESSAGE_DELETE`: the message is removed. The event carries no time, so the removal's version
 * is the later of the message's creation (from its snowflake) and the delivery's arrival: never
 * older than any snapshot of the message, and so never undone by a late one.
 */
export function normalizeMessageDelete(delivery: DiscordDelivery, data: unknown): NormalizeResult {
  const deleted = parseDiscordPayload(DiscordMessageDelete, data, 'discord MESSAGE_DELETE');
  if (!deleted.guild_id) return skipDiscord('MESSAGE_DELETE', 'direct messages are not ingested; only guild channels are');
  const id = discordMessageId(deleted.guild_id, deleted.channel_id, deleted.id);
  const version = Math.max(snowflakeTime(deleted.id), Date.parse(delivery.receivedAt));
  const at = delivery.receivedAt;
  return {
    outcome: 'events',
    events: [
      createEvent(origin(delivery, at), { type: 'item.removed', data: { itemId: id, platform: 'discord', kind: 'message', version } }),
      createEvent(origin(delivery, at), {
        type: 'item.observed',
        data: { item: containerSnapshot(discordChannelSighting(deleted.guild_id, deleted.channel_id)) },
      }),
      createEvent(origin(delivery, at), {
        type: 'activity.observed',
        data: {
          activityId: `discord:${delivery.deliveryId}:0`,
          itemId: id,
          verb: 'deleted',
          // MESSAGE_DELETE does not say who deleted it.
          actor: null,
          summary: `a message was deleted in ${deleted.guild_id}/${deleted.channel_id}`,
        },
      }),
    ],
  };
}
