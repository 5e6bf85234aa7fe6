import type { ActivitiesTable } from '@pipe/db';
import { type Insertable, type RawBuilder, sql } from 'kysely';
import { columns } from './tx.js';

/** One timeline entry. */
export type ActivityRow = Required<Insertable<ActivitiesTable>>;

const KEYS = ['team', 'id', 'item_id', 'verb', 'actor_handle', 'actor_external_id', 'actor_platform', 'summary', 'occurred_at', 'event_id'] as const satisfies readonly (keyof ActivityRow)[];

/** The statement adding timeline entries (`null` for none); an activity id already there (a redelivery) is kept once. */
export function activitiesInsert(rows: readonly ActivityRow[]): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  const c = columns(rows, KEYS);
  return sql`
    insert into activities (${sql.join(KEYS.map((k) => sql.ref(k)))})
    select * from unnest(${c[0]}::text[], ${c[1]}::text[], ${c[2]}::text[], ${c[3]}::text[], ${c[4]}::text[], ${c[5]}::text[],
      ${c[6]}::text[], ${c[7]}::text[], ${c[8]}::timestamptz[], ${c[9]}::text[])
    on conflict (team, id) do nothing`;
}
