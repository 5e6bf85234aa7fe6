import { itemsTable } from '@pipe/db';
import { sql } from 'kysely';
import { REMOVED_WITH_PARENT, goesWithParent, removeOrphans } from '../removed-with-parent.js';
import type { Tx } from './tx.js';
import type { ItemRow } from './upsert-items.js';

const KINDS = [...REMOVED_WITH_PARENT];
const RETURNED = sql.join(itemsTable.rowColumns.map((name) => sql.ref(`i.${name}`)));

/**
 * Removes, with `removed` (tombstones that won), their stored children that go with them (see
 * `REMOVED_WITH_PARENT`) and those children's children, in one statement: each becomes the
 * tombstone `removedWithParent` makes, and loses its derived edges (a source's stated links stay,
 * as for any removal). Returns the rows it removed.
 */
export async function removeStoredChildren(tx: Tx, removed: readonly ItemRow[]): Promise<ItemRow[]> {
  if (removed.length === 0) return [];
  const result = await sql<ItemRow>`
    with recursive gone(team, id, removed_at) as (
      select i.team, i.id, k.removed_at
      from unnest(${removed.map((r) => r.team)}::text[], ${removed.map((r) => r.id)}::text[], ${removed.map((r) => r.removed_at)}::timestamptz[])
        as k(team, id, removed_at)
      join items i on i.team = k.team and i.parent_id = k.id
      where i.removed_at is null and i.kind = any(${KINDS}::text[])
      union
      select i.team, i.id, g.removed_at from gone g
      join items i on i.team = g.team and i.parent_id = g.id
      where i.removed_at is null and i.kind = any(${KINDS}::text[])
    ),
    updated as (
      update items i set title = '', body = '', url = null, state = 'removed', container = null, parent_id = null,
        author_handle = null, author_external_id = null, created_at = null, updated_at = null, removed_at = g.removed_at
      from gone g where i.team = g.team and i.id = g.id
      returning ${RETURNED}),
    derived_edges_gone as (delete from edges where origin <> 'source' and (team, from_id) in (select team, id from gone))
    select * from updated`.execute(tx);
  return result.rows;
}

/**
 * Rows of a batch that go with a parent already removed — stored as a tombstone, or one in the same
 * batch (a comment arriving after its issue's deletion, or with it) — made tombstones before they
 * are written (see `removedWithParent`); the other rows as they are. Returns the rows to write and
 * the keys of those it removed.
 */
export async function withOrphansRemoved(tx: Tx, rows: readonly ItemRow[]): Promise<{ rows: ItemRow[]; removed: Set<string> }> {
  const candidates = rows.filter(goesWithParent);
  const removed = new Set<string>();
  if (candidates.length === 0) return { rows: [...rows], removed };
  const stored = await sql<{ team: string; id: string; removed_at: ItemRow['removed_at'] }>`
    select i.team, i.id, i.removed_at from items i
    join unnest(${candidates.map((r) => r.team)}::text[], ${candidates.map((r) => r.parent_id)}::text[]) as k(team, id)
      on i.team = k.team and i.id = k.id
    where i.removed_at is not null`.execute(tx);
  return removeOrphans(rows, new Map(stored.rows.map((row) => [`${row.team}\u0000${row.id}`, row.removed_at])));
}
