import { type ItemKind, type Platform, createEvent } from '@pipe/events';
import { z } from 'zod';
import type { IngestDelivery, NormalizeResult } from './ingest-platform.js';
import { parsePayload } from './parse-payload.js';
import type { SyncedRecord } from './platform-api.js';

/** The `pipe-sync-resource` of a removal a full pass found: an item the API no longer lists. */
export const REMOVED_RESOURCE = 'removed';

const RemovedRecord = z.object({
  record: z.object({ itemId: z.string().min(1), kind: z.string().min(1) }),
  context: z.object({ version: z.number().int().nonnegative(), passStartedAt: z.string() }),
});

/**
 * The record a full pass stores for an item it did not see: the item and the removal's version —
 * later than the item's last snapshot and the pass's start — kept in `PIPE_RAW` like every synced
 * record, so a replay makes the same `item.removed`.
 */
export function removedRecord(item: { id: string; kind: string; version: number }, passStartedAt: Date): SyncedRecord {
  const version = Math.max(item.version + 1, passStartedAt.getTime());
  return {
    resource: REMOVED_RESOURCE,
    body: { record: { itemId: item.id, kind: item.kind }, context: { version, passStartedAt: passStartedAt.toISOString() } },
    itemId: item.id,
    version,
  };
}

/** A removal record as its one `item.removed` event (any platform). */
export function normalizeRemovedRecord(
  delivery: Pick<IngestDelivery, 'team' | 'deliveryId' | 'receivedAt' | 'payload'>,
  platform: Platform,
): NormalizeResult {
  const { record, context } = parsePayload(RemovedRecord, delivery.payload, `the ${platform} removal record ${delivery.deliveryId}`);
  const origin = {
    team: delivery.team,
    source: { platform, deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt },
    occurredAt: context.passStartedAt,
  };
  return {
    outcome: 'events',
    events: [
      createEvent(origin, {
        type: 'item.removed',
        data: { itemId: record.itemId, platform, kind: record.kind as ItemKind, version: context.version },
      }),
    ],
  };
}
