import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Runs `work` while holding a Postgres session advisory lock named `name`, waiting for it if
 * another process holds it: a step every service runs at start but that must run once at a time
 * (provisioning the streams). The lock lives on one pooled connection and is released with it,
 * so a holder killed with -9 does not keep the others waiting.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database will do: the lock names no table.
export async function withAdvisoryLock<T>(db: Kysely<any>, name: string, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtextextended(${name}, 0))`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${name}, 0))`.execute(conn).catch(() => undefined);
    }
  });
}
