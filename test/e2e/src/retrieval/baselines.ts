import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

// The two searches the new one is measured against, kept here verbatim so the comparison
// survives changes to the gateway: the search as it was before issue 18 (every word required)
// and the first fix anyone would try (the question's words minus stop words, OR-ed, ranked by
// `ts_rank_cd`). Both exclude removed items, as the gateway always did.

/** A search under evaluation: a query in, item ids best first out. */
export type Searcher = (query: string, limit: number) => Promise<string[]>;

/**
 * The gateway's `search` before issue 18: `websearch_to_tsquery` (every word must appear in one
 * item), the 300 most recently updated matches ranked by `ts_rank` (normalisation 1) boosted by recency.
 */
export const everyWordRequired =
  (db: Kysely<Database>, team: string, asOf: string): Searcher =>
  async (query, limit) => {
    const tsquery = sql`websearch_to_tsquery('english', ${query})`;
    const result = await sql<{ id: string }>`
      with candidates as (
        select id, updated_at, search from items
        where team = ${team} and removed_at is null and search @@ ${tsquery}
        order by updated_at desc limit 300
      )
      select id from candidates
      order by (ts_rank(search, ${tsquery}, 1)::float8
        * (1 + 1 / (1 + greatest(0, extract(epoch from (${asOf}::timestamptz - coalesce(updated_at, ${asOf}::timestamptz))) / 604800.0)))) desc, id
      limit ${limit}`.execute(db);
    return result.rows.map((row) => row.id);
  };

/**
 * The simplest fix: the words of the question without English stop words (`plainto_tsquery`
 * drops them), joined with OR, ranked by `ts_rank_cd` (cover density, no normalisation).
 */
export const orRankCd =
  (db: Kysely<Database>, team: string): Searcher =>
  async (query, limit) => {
    const tsquery = sql`nullif(replace(plainto_tsquery('english', ${query})::text, ' & ', ' | '), '')::tsquery`;
    const result = await sql<{ id: string }>`
      select id from items
      where team = ${team} and removed_at is null and search @@ ${tsquery}
      order by ts_rank_cd(search, ${tsquery}) desc, updated_at desc nulls last, id
      limit ${limit}`.execute(db);
    return result.rows.map((row) => row.id);
  };
