import { type RowOf, columnNames, insertUnnested, sourceStatsTable } from '@pipe/db';
import { type RawBuilder, sql } from 'kysely';

/** What a batch applied for one team and platform. */
export type SourceStatsRow = RowOf<typeof sourceStatsTable>;

const KEY = columnNames(sourceStatsTable, sourceStatsTable.key);

/** The statement adding a batch's counts to each platform's freshness row (`null` for none). */
export function sourceStatsUpsert(rows: readonly SourceStatsRow[]): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  // A fixed lock order, so concurrent writers (a parallel rebuild) cannot deadlock on these rows.
  rows = [...rows].sort((a, b) => (a.team + a.platform < b.team + b.platform ? -1 : 1));
  return sql`
    ${insertUnnested(sourceStatsTable, rows)}
    on conflict (${KEY}) do update set
      last_event_seq = greatest(source_stats.last_event_seq, excluded.last_event_seq),
      last_received_at = greatest(source_stats.last_received_at, excluded.last_received_at),
      last_occurred_at = greatest(source_stats.last_occurred_at, excluded.last_occurred_at),
      events = source_stats.events + excluded.events,
      last_applied_at = now()`;
}
