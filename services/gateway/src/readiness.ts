import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/** How long `/ready` waits for the database before calling it unreachable. */
export const READY_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The gateway's `/ready` check (served by the runtime's health plugin): the database answers
 * within {@link READY_TIMEOUT_MS}, so requests can be served. NATS is not required: every read
 * tool works without it. Null when ready, else what is wrong and what to check.
 */
export function databaseNotReadyReason(db: Kysely<Database>): () => Promise<string | null> {
  return async () => {
    try {
      await withTimeout(sql`select 1`.execute(db), READY_TIMEOUT_MS, 'the database');
      return null;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return `the database is unreachable (${reason}); check DATABASE_URL and that Postgres is up`;
    }
  };
}
