import { type RowOf, activitiesTable, columnNames, unnestArrays } from '@pipe/db';
import { type RawBuilder, sql } from 'kysely';
import { REMOVED_SUMMARY } from '../merge-rules.js';

/** One timeline entry. */
export type ActivityRow = RowOf<typeof activitiesTable>;

const COLUMNS = activitiesTable.rowColumns;
const NAMES = columnNames(activitiesTable, COLUMNS);
const KEY = columnNames(activitiesTable, activitiesTable.key);
// An activity of an item already removed (its tombstone is written before this statement runs)
// is stored without the text its summary quoted.
const SELECTED = sql.join(
  COLUMNS.map((name) =>
    name === 'summary'
      ? sql`case when exists (select 1 from items i where i.team = t.team and i.id = t.item_id and i.removed_at is not null) then ${REMOVED_SUMMARY} else t.summary end`
      : sql`t.${sql.ref(name)}`,
  ),
);

/**
 * The statement adding timeline entries (`null` for none); an activity id already there (a
 * redelivery) is kept once, and one of a removed item is written with {@link REMOVED_SUMMARY}.
 */
export function activitiesInsert(rows: readonly ActivityRow[]): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  return sql`
    insert into activities (${NAMES})
    select ${SELECTED} from unnest(${unnestArrays(activitiesTable, COLUMNS, rows)}) as t(${NAMES})
    on conflict (${KEY}) do nothing`;
}
