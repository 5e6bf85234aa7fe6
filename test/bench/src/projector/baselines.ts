import type { Delivery } from '@pipe/bus';
import type { Database } from '@pipe/db';
import type { PipeEvent } from '@pipe/events';
import { itemRef } from '@pipe/platforms';
import { applyBatch } from '@pipe/projection';
import { type Kysely, sql } from 'kysely';

/**
 * The limit: the same item rows written with one multi-row upsert per batch and the checkpoint in
 * the same transaction — no edges, no activities, no people, no version guard, no NATS. Returns rows/s.
 */
export async function rawBatchedUpsert(
  db: Kysely<Database>,
  events: readonly PipeEvent[],
  batchSize: number,
): Promise<{ rows: number; perSecond: number }> {
  const rows = events.flatMap((e) => (e.type === 'item.observed' ? [e] : []));
  const start = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) {
    // ON CONFLICT cannot touch a row twice in one statement: keep each item's last snapshot.
    const batch = [...new Map(rows.slice(i, i + batchSize).map((e) => [e.data.item.id, e])).values()];
    const col = <T>(f: (e: (typeof batch)[number]) => T) => batch.map(f);
    await db.transaction().execute(async (tx) => {
      await sql`
        insert into items (team, id, ref, platform, kind, title, body, url, state, container, parent_id, author_handle, author_external_id, created_at, updated_at, version, event_id, event_seq, removed_at)
        select t.*, null::timestamptz from unnest(
          ${col((e) => e.team)}::text[], ${col((e) => e.data.item.id)}::text[], ${col((e) => itemRef(e.data.item.id))}::text[],
          ${col((e) => e.data.item.platform)}::text[], ${col((e) => e.data.item.kind)}::text[], ${col((e) => e.data.item.title)}::text[],
          ${col((e) => e.data.item.body)}::text[], ${col((e) => e.data.item.url)}::text[], ${col((e) => e.data.item.state)}::text[],
          ${col((e) => e.data.item.container)}::text[], ${col((e) => e.data.item.parentId)}::text[], ${col((e) => e.data.item.author?.handle ?? null)}::text[],
          ${col((e) => e.data.item.author?.externalId ?? null)}::text[], ${col((e) => e.data.item.createdAt)}::timestamptz[], ${col((e) => e.data.item.updatedAt)}::timestamptz[],
          ${col((e) => e.data.item.version)}::bigint[], ${col((e) => e.id)}::text[], ${col(() => i)}::bigint[]) as t
        on conflict (team, id) do update set title = excluded.title, body = excluded.body, state = excluded.state,
          version = excluded.version, event_id = excluded.event_id, updated_at = excluded.updated_at`.execute(tx);
      await sql`insert into checkpoints (projection, partition, last_seq) values ('raw', 'all', ${i + batch.length})
        on conflict (projection, partition) do update set last_seq = excluded.last_seq`.execute(tx);
    });
  }
  const seconds = (performance.now() - start) / 1000;
  return { rows: rows.length, perSecond: rows.length / seconds };
}

/** The naive design: the projector's own apply, one transaction per event. Returns events/s. */
export async function oneTransactionPerEvent(
  db: Kysely<Database>,
  events: readonly PipeEvent[],
): Promise<{ events: number; perSecond: number }> {
  const start = performance.now();
  for (const [i, event] of events.entries()) {
    const delivery: Delivery<PipeEvent> = { value: event, seq: i + 1, subject: '', deliveryCount: 1, headers: {} };
    await applyBatch(db, { projection: 'naive', partition: 'all' }, [delivery]);
  }
  const seconds = (performance.now() - start) / 1000;
  return { events: events.length, perSecond: events.length / seconds };
}
