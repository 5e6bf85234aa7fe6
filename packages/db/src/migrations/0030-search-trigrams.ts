import { type Kysely, sql } from 'kysely';

/**
 * Trigram matching for search (issue 18): a word of a question that matches no item — a typo
 * ("dashbaord"), a half-remembered identifier — still finds titles with a similar word. pg_trgm
 * ships with Postgres and is a trusted extension (a database owner may create it). The index
 * covers live titles only; titles are short, so it costs little per write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index items_title_trigrams on items using gin (lower(title) gin_trgm_ops) where removed_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists items_title_trigrams`.execute(db);
}
