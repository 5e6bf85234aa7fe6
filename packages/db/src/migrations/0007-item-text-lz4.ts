import { type Kysely, sql } from 'kysely';

/** The item columns large enough to be compressed: the body and the search vectors. */
const COLUMNS = ['body', 'search_title', 'search_body', 'search'];

/**
 * Items' large values compressed with lz4 instead of Postgres's default pglz. An item row with its
 * body and search vectors passes the 2 KB at which Postgres compresses values, so every item write
 * compresses (or tries to compress) them: with pglz that was about a tenth of the cost of loading
 * items in `pipe replay`, with lz4 much less. Only new values are written with lz4; the
 * stored ones stay readable as they are. A server built without lz4 keeps pglz.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(await lz4Available(db))) return;
  await sql.raw(`alter table items ${COLUMNS.map((column) => `alter column ${column} set compression lz4`).join(', ')}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`alter table items ${COLUMNS.map((column) => `alter column ${column} set compression default`).join(', ')}`).execute(db);
}

async function lz4Available(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ available: boolean }>`
    select 'lz4' = any(enumvals) as available from pg_settings where name = 'default_toast_compression'`.execute(db);
  return rows[0]?.available === true;
}
