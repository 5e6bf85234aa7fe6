import type { ItemsTable } from '@pipe/db';
import { type Insertable, sql } from 'kysely';
import { type Tx, columns } from './tx.js';

/** One item row as the projector writes it (a snapshot or a tombstone). */
export type ItemRow = Required<Omit<Insertable<ItemsTable>, 'search'>>;

const KEYS = [
  'team', 'id', 'ref', 'platform', 'kind', 'title', 'body', 'url', 'state', 'container', 'parent_id',
  'author_handle', 'author_external_id', 'created_at', 'updated_at', 'version', 'event_id', 'event_seq', 'removed_at',
] as const satisfies readonly (keyof ItemRow)[];

/**
 * Upserts many items in one statement and returns the ones that won. A row only replaces a stored
 * one that is older in the order (version, removal, event id): the same version removed beats
 * observed, so a late snapshot cannot revive a deleted item, and any arrival order ends with the
 * same rows. Rows must have distinct (team, id) — collapse the batch first.
 */
export async function upsertItems(tx: Tx, rows: readonly ItemRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const c = columns(rows, KEYS);
  const result = await sql<{ team: string; id: string }>`
    insert into items (${sql.join(KEYS.map((k) => sql.ref(k)))})
    select * from unnest(
      ${c[0]}::text[], ${c[1]}::text[], ${c[2]}::text[], ${c[3]}::text[], ${c[4]}::text[], ${c[5]}::text[], ${c[6]}::text[],
      ${c[7]}::text[], ${c[8]}::text[], ${c[9]}::text[], ${c[10]}::text[], ${c[11]}::text[], ${c[12]}::text[],
      ${c[13]}::timestamptz[], ${c[14]}::timestamptz[], ${c[15]}::bigint[], ${c[16]}::text[], ${c[17]}::bigint[], ${c[18]}::timestamptz[])
    on conflict (team, id) do update set
      ${sql.join(KEYS.filter((k) => k !== 'team' && k !== 'id').map((k) => sql`${sql.ref(k)} = excluded.${sql.ref(k)}`))}
    where (items.version, items.removed_at is not null, items.event_id)
        < (excluded.version, excluded.removed_at is not null, excluded.event_id)
    returning team, id`.execute(tx);
  return new Set(result.rows.map((r) => `${r.team}\u0000${r.id}`));
}
