import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/**
 * The part of any rebuild Postgres cannot skip: tokenising every item's title and body into the
 * search vectors, as the items' trigger does (migration 0006: `setweight(to_tsvector('english',
 * …))`), here without writing anything, split over `connections` backends (one per core) by a hash
 * of the id. Returns seconds. A rebuild can only be faster than this by not producing the vectors
 * the live model has. Returns the seconds and the items tokenised.
 */
export async function tokenisingFloor(
  db: Kysely<Database>,
  schema: string,
  connections: number,
): Promise<{ seconds: number; items: number }> {
  const items = sql.table(`${schema}.items`);
  const start = performance.now();
  const parts = await Promise.all(
    Array.from({ length: connections }, (_, part) =>
      db.connection().execute(async (conn) => {
        // Each backend works alone: no parallel workers competing for the same cores.
        await sql`set max_parallel_workers_per_gather = 0`.execute(conn);
        const { rows } = await sql<{ items: string }>`
          select count(*) as items,
            sum(length(setweight(to_tsvector('english'::regconfig, title), 'A')) + length(setweight(to_tsvector('english'::regconfig, body), 'B')))
          from ${items} where abs(hashtext(id)) % ${connections} = ${part}`.execute(conn);
        return Number(rows[0]?.items ?? 0);
      }),
    ),
  );
  return { seconds: (performance.now() - start) / 1000, items: parts.reduce((a, b) => a + b, 0) };
}
