import { type RowOf, activitiesTable, columnNames, insertUnnested } from '@pipe/db';
import { type RawBuilder, sql } from 'kysely';

/** One timeline entry. */
export type ActivityRow = RowOf<typeof activitiesTable>;

const KEY = columnNames(activitiesTable, activitiesTable.key);

/** The statement adding timeline entries (`null` for none); an activity id already there (a redelivery) is kept once. */
export function activitiesInsert(rows: readonly ActivityRow[]): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  return sql`
    ${insertUnnested(activitiesTable, rows)}
    on conflict (${KEY}) do nothing`;
}
