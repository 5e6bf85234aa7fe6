import { z } from 'zod';
import { type IngestDelivery, type NormalizeResult, factsToEvents, parsePayload } from '../../kit/index.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { authorIdentity, messageSnapshot } from './message.js';
import { SlackMessage } from './slack-schemas.js';
import { tsIso, tsVersion } from './slack-time.js';

const MessageRecord = z.object({ record: SlackMessage, context: z.looseObject({ teamId: z.string().min(1), channel: z.string().min(1) }) });

/**
 * A `PIPE_RAW` record a Slack backfill wrote (`conversations.history` / `.replies` messages), as the
 * snapshot the `message` event gives, versioned by its last edit; no activity (a backfill states
 * what exists, not who did what).
 */
export function normalizeSlackRecord(delivery: IngestDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'slack');
  if (resource !== 'message')
    return { outcome: 'skipped', event: resource, action: null, reason: `slack API resource '${resource}' is not normalised` };
  const { record, context } = parsePayload(MessageRecord, delivery.payload, `the slack message record of ${delivery.deliveryId}`);
  const snapshot = messageSnapshot(context.teamId, context.channel, record, tsVersion(record.edited?.ts ?? record.ts));
  return {
    outcome: 'events',
    events: factsToEvents(delivery, {
      occurredAt: tsIso(record.edited?.ts ?? record.ts),
      identities: authorIdentity(record),
      items: [{ type: 'item.observed', data: { item: snapshot } }],
      activities: [],
    }),
  };
}
