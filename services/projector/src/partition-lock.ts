import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/**
 * Runs `work` while holding the partition's advisory lock, so only one projector instance applies
 * a partition at a time; another instance waits here until the holder stops (or its connection
 * dies — Postgres releases a session lock with the session, so kill -9 frees it too).
 *
 * `work` gets the lock's own connection (the session): whatever must only happen while the lock
 * is held — applying a batch — runs on it. When that connection is lost (a Postgres restart or
 * failover), the lock is gone with it, and so is every statement after: nothing can commit
 * without the lock. Rejects when the connection cannot be had or is lost while waiting.
 */
export async function withPartitionLock<T>(
  db: Kysely<Database>,
  lockName: string,
  signal: AbortSignal,
  onWait: () => void,
  work: (session: Kysely<Database>) => Promise<T>,
): Promise<T | undefined> {
  return db.connection().execute(async (session) => {
    let warned = false;
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtextextended(${lockName}, 0)) as locked`.execute(
        session,
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
      return await work(session);
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${lockName}, 0))`.execute(session).catch(() => undefined);
    }
  });
}
