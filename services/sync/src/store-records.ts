import type { Database } from '@pipe/db';
import { type IngestPublisher, storeDelivery } from '@pipe/ingest-kit';
import {
  type IngestDelivery,
  type PlatformModule,
  SYNC_RESOURCE_HEADER,
  type SyncedRecord,
  deliveryMsgIdBase,
  storableEvents,
} from '@pipe/platforms';
import type { Kysely } from 'kysely';

/** What storing one page did. */
export interface StoredPage {
  /** Records stored (raw record and events). */
  stored: number;
  /** Records the read model already holds at this version or a newer one: nothing stored. */
  unchanged: number;
}

/**
 * Stores one page of API records the way ingest stores a webhook delivery, one record per
 * delivery: the record in `PIPE_RAW` (with `pipe-sync-resource`, so `pipe replay --renormalize`
 * runs the same normaliser over it), its events in `PIPE_EVENTS`. Each record's delivery id is
 * `sync:<item>:<version>` and its message ids carry a hash of the record, so the same record read
 * twice — a page read again after a crash, two overlapping syncs — is stored once. A record whose
 * item the read model already holds at the same or a newer version is skipped before publishing:
 * a full pass over unchanged history writes nothing, and an older snapshot never lands on a newer
 * one (the projector's merge rule would keep the newer anyway).
 */
export async function storeSyncedRecords(
  deps: { db: Kysely<Database>; publisher: IngestPublisher; module: PlatformModule },
  team: string,
  records: readonly SyncedRecord[],
): Promise<StoredPage> {
  if (records.length === 0) return { stored: 0, unchanged: 0 };
  const known = await deps.db
    .selectFrom('items')
    .select(['id', 'version'])
    .where('team', '=', team)
    .where(
      'id',
      'in',
      records.map((record) => record.itemId),
    )
    .execute();
  const versions = new Map(known.map((row) => [row.id, Number(row.version)]));
  const fresh = records.filter((record) => (versions.get(record.itemId) ?? -1) < record.version);
  const receivedAt = new Date().toISOString();
  await Promise.all(fresh.map((record) => storeRecord(deps, team, record, receivedAt)));
  return { stored: fresh.length, unchanged: records.length - fresh.length };
}

async function storeRecord(
  deps: { publisher: IngestPublisher; module: PlatformModule },
  team: string,
  record: SyncedRecord,
  receivedAt: string,
): Promise<void> {
  const platform = deps.module.name;
  const rawBody = Buffer.from(JSON.stringify(record.body));
  const delivery: IngestDelivery = {
    team,
    platform,
    deliveryId: `sync:${record.itemId}:${record.version}`,
    receivedAt,
    headers: { [SYNC_RESOURCE_HEADER]: record.resource },
    rawBody,
    payload: record.body,
  };
  const result = await deps.module.ingest.normalize(delivery);
  const storable = result.outcome === 'events' ? { ...result, events: storableEvents(result.events, platform) } : result;
  await storeDelivery(delivery, storable, deps.publisher, deliveryMsgIdBase(team, platform, delivery.deliveryId, rawBody));
}
