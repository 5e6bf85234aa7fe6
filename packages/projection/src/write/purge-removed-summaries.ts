import { sql } from 'kysely';
import { REMOVED_SUMMARY } from '../merge-rules.js';
import type { Tx } from './tx.js';

/**
 * Replaces the summaries of the activities of `removed` items (tombstones that won) with
 * {@link REMOVED_SUMMARY}: the text they quoted is gone with the item. Activities arriving later
 * are written purged already (see `activitiesInsert`).
 */
export async function purgeRemovedSummaries(tx: Tx, removed: readonly { team: string; id: string }[]): Promise<void> {
  if (removed.length === 0) return;
  await sql`
    update activities a set summary = ${REMOVED_SUMMARY}
    from unnest(${removed.map((r) => r.team)}::text[], ${removed.map((r) => r.id)}::text[]) as k(team, id)
    where a.team = k.team and a.item_id = k.id and a.summary <> ${REMOVED_SUMMARY}`.execute(tx);
}
