import { type RowOf, columnNames, insertUnnested, sourceStatsTable } from '@pipe/db';
import { type RawBuilder, sql } from 'kysely';
import { addCountsSql } from '../merge-rules.js';

/** What a batch applied for one team and platform. */
export type SourceStatsRow = RowOf<typeof sourceStatsTable>;

const KEY = columnNames(sourceStatsTable, sourceStatsTable.key);
const ADD_COUNTS = addCountsSql('source_stats');

/** The statement adding a batch's counts to each platform's freshness row (`null` for none). */
export function sourceStatsUpsert(rows: readonly SourceStatsRow[]): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  // A fixed lock order, so concurrent writers (a parallel rebuild) cannot deadlock on these rows.
  rows = [...rows].sort((a, b) => (a.team + a.platform < b.team + b.platform ? -1 : 1));
  return sql`
    ${insertUnnested(sourceStatsTable, rows)}
    on conflict (${KEY}) do update set
      ${ADD_COUNTS},
      last_applied_at = now()`;
}
