import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/**
 * Runs `work` while holding the partition's advisory lock, so only one projector instance applies
 * a partition at a time; another instance waits here until the holder stops (or its connection
 * dies — Postgres releases a session lock with the session, so kill -9 frees it too).
 */
export async function withPartitionLock<T>(
  db: Kysely<Database>,
  lockName: string,
  signal: AbortSignal,
  onWait: () => void,
  work: () => Promise<T>,
): Promise<T | undefined> {
  return db.connection().execute(async (conn) => {
    let warned = false;
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtextextended(${lockName}, 0)) as locked`.execute(
        conn,
      );
      if (rows[0]?.locked) break;
      if (!warned) onWait();
      warned = true;
      try {
        await sleep(500, undefined, { signal });
      } catch {
        return undefined;
      }
    }
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${lockName}, 0))`.execute(conn).catch(() => undefined);
    }
  });
}
