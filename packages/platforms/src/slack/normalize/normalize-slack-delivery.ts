import { type IngestDelivery, type NormalizeResult, factsToEvents, parsePayload, skipDelivery, withContainer } from '../../kit/index.js';
import { slackChannelSighting } from './container.js';
import { normalizeChannel, normalizeMemberJoined } from './channel.js';
import { normalizeMessage } from './message.js';
import { normalizeReaction } from './reaction.js';
import { SlackEnvelope, type SlackEventContext, type SlackOutcome } from './slack-delivery.js';

type EventNormalizer = (context: SlackEventContext) => SlackOutcome;

// A Map, not an object literal: the event type comes from the payload, and a type such as
// `constructor` must not find something on Object.prototype.
const NORMALIZERS: ReadonlyMap<string, EventNormalizer> = new Map([
  ['message', normalizeMessage],
  ['reaction_added', normalizeReaction],
  ['reaction_removed', normalizeReaction],
  ['channel_created', normalizeChannel],
  ['channel_rename', normalizeChannel],
  ['member_joined_channel', normalizeMemberJoined],
]);

/**
 * Turns one verified Slack Events API delivery into canonical Pipe events. Pure: no I/O, and the
 * same delivery always yields the same events apart from their envelope ids.
 *
 * Outer types other than `event_callback` (`app_rate_limited`…) and inner events Pipe does not
 * normalise come back as skips; a supported event missing a field it needs throws 400
 * `INVALID_PAYLOAD` naming the field.
 *
 * Every event in a channel also observes the channel as a thin item (see `withContainer`), so the
 * `PART_OF` of its messages lands on an item.
 */
export function normalizeSlackDelivery(delivery: IngestDelivery): NormalizeResult {
  const outer = (delivery.payload as { type?: unknown } | null)?.type;
  if (outer !== 'event_callback') {
    return skipDelivery(
      typeof outer === 'string' ? outer : 'unknown',
      null,
      `slack '${String(outer)}' deliveries carry no event to normalise`,
    );
  }
  const envelope = parsePayload(SlackEnvelope, delivery.payload, `the slack delivery ${delivery.deliveryId}`);
  const { event } = envelope;
  const normalize = NORMALIZERS.get(event.type);
  if (!normalize) return skipDelivery(event.type, event.subtype ?? null, `slack event '${event.type}' is not normalised yet`);
  const outcome = normalize({ delivery, teamId: envelope.team_id, eventId: envelope.event_id, eventTime: envelope.event_time, event });
  if ('outcome' in outcome) return outcome;
  return { outcome: 'events', events: factsToEvents(delivery, withContainer(outcome, slackChannelSighting(envelope.team_id, event))) };
}
