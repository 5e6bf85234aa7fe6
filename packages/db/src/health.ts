import { type Kysely, sql } from 'kysely';

/** True when Postgres answers a trivial query. */
// biome-ignore lint/suspicious/noExplicitAny: any database will do: the query names no table.
export async function databaseReachable(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
