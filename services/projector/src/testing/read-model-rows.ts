import type { Database } from '@pipe/db';
import type { Kysely } from 'kysely';

/**
 * Every read-model row, in a stable order, for comparing two projections row for row. Columns that
 * record where in the log a row came from (sequences) or when it was applied are left out when
 * `positionFree` is set, so projections of the same events in different orders compare equal.
 */
export async function readModelRows(db: Kysely<Database>, options: { positionFree?: boolean } = {}) {
  const items = await db.selectFrom('items').selectAll().orderBy(['team', 'id']).execute();
  const edges = await db.selectFrom('edges').selectAll().orderBy(['team', 'from_id', 'type', 'to_ref', 'origin']).execute();
  const activities = await db.selectFrom('activities').selectAll().orderBy(['team', 'id']).execute();
  const identities = await db.selectFrom('identities').selectAll().orderBy(['team', 'platform', 'external_id']).execute();
  const links = await db.selectFrom('source_links').selectAll().orderBy(['team', 'from_id', 'type', 'to_ref']).execute();
  const stats = await db
    .selectFrom('source_stats')
    .select(['team', 'platform', 'events', 'last_received_at', 'last_occurred_at', 'last_event_seq'])
    .orderBy(['team', 'platform'])
    .execute();
  if (!options.positionFree) return { items, edges, activities, identities, links, stats };
  return {
    items: items.map(({ event_seq: _seq, ...row }) => row),
    edges,
    activities,
    identities,
    links,
    stats: stats.map(({ last_event_seq: _seq, ...row }) => row),
  };
}
