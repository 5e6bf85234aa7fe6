import type { Database } from '@pipe/db';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { sendHttpError } from './http-errors.js';

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
 * `/health`: the process is alive (for a liveness probe; it touches nothing else).
 * `/ready`: the database answers, so requests can be served (for a readiness probe).
 */
export function registerHealthRoutes(app: FastifyInstance, deps: { db: Kysely<Database> }): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (request, reply) => {
    try {
      await withTimeout(sql`select 1`.execute(deps.db), READY_TIMEOUT_MS, 'the database');
      return { status: 'ready' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      request.log.warn({ reason }, 'not ready');
      return sendHttpError(reply, 'NOT_READY', `the database is unreachable (${reason}); check DATABASE_URL and that Postgres is up`);
    }
  });
}
