import { type Kysely, sql } from 'kysely';

/**
 * The title trigram index with a small pending list, like `items_search` (0006). GIN queues new
 * entries in a pending list that every query scans in full until a vacuum or a full list merges
 * it; at the 4 MB default that was ≈ 500 pages read by every typo lookup of search (10 ms at
 * 1,000,000 items, `EXPLAIN (ANALYZE, BUFFERS)`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter index items_title_trigrams set (gin_pending_list_limit = 256)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter index items_title_trigrams reset (gin_pending_list_limit)`.execute(db);
}
