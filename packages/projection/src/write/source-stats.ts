import { type RawBuilder, sql } from 'kysely';
import { columns } from './tx.js';

/** What a batch applied for one team and platform. */
export interface SourceStatsRow {
  team: string;
  platform: string;
  last_event_seq: number;
  last_received_at: string;
  last_occurred_at: string;
  events: number;
}

/** The statement adding a batch's counts to each platform's freshness row (`null` for none). */
export function sourceStatsUpsert(rows: readonly SourceStatsRow[]): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  // A fixed lock order, so concurrent writers (a parallel rebuild) cannot deadlock on these rows.
  rows = [...rows].sort((a, b) => (a.team + a.platform < b.team + b.platform ? -1 : 1));
  const c = columns(rows, ['team', 'platform', 'last_event_seq', 'last_received_at', 'last_occurred_at', 'events'] as const);
  return sql`
    insert into source_stats (team, platform, last_event_seq, last_received_at, last_occurred_at, events, last_applied_at)
    select *, now() from unnest(${c[0]}::text[], ${c[1]}::text[], ${c[2]}::bigint[], ${c[3]}::timestamptz[], ${c[4]}::timestamptz[], ${c[5]}::bigint[])
    on conflict (team, platform) do update set
      last_event_seq = greatest(source_stats.last_event_seq, excluded.last_event_seq),
      last_received_at = greatest(source_stats.last_received_at, excluded.last_received_at),
      last_occurred_at = greatest(source_stats.last_occurred_at, excluded.last_occurred_at),
      events = source_stats.events + excluded.events,
      last_applied_at = now()`;
}
