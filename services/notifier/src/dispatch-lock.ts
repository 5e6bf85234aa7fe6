import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/**
 * Runs `work` while holding the notifier's dispatch lock (a Postgres session advisory lock), so
 * one instance sends at a time — rate limits and per-item merging are per destination and need
 * one sender — while every instance consumes notices. Another instance waits here and takes over
 * when the holder stops or dies (Postgres releases the lock with the session, kill -9 included).
 */
export async function withDispatchLock(
  db: Kysely<Database>,
  lockName: string,
  signal: AbortSignal,
  onWait: () => void,
  work: () => Promise<void>,
): Promise<void> {
  await db.connection().execute(async (conn) => {
    let warned = false;
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtextextended(${lockName}, 0)) as locked`.execute(
        conn,
      );
      if (rows[0]?.locked) break;
      if (!warned) onWait();
      warned = true;
      try {
        await sleep(1000, undefined, { signal });
      } catch {
        return;
      }
    }
    try {
      await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${lockName}, 0))`.execute(conn).catch(() => undefined);
    }
  });
}
