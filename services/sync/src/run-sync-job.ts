import {
  type Database,
  EVERY_SCOPE,
  type SecretBox,
  type SyncJob,
  advanceScopeHighWater,
  clearSeenItems,
  recordSeenItems,
  getSyncConnection,
  markConnectionNeedsCredential,
  recordConnectionSync,
  saveSyncProgress,
  settleSyncJob,
  startSyncJob,
} from '@pipe/db';
import type { IngestPublisher } from '@pipe/ingest-kit';
import { ApiCredentialError, IngestError, findPlatformModule } from '@pipe/platforms';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type ConnectionBreakers, isOpenBreaker } from './connection-breakers.js';
import { queueEveryScope } from './queue-every-scope.js';
import { removeUnlisted } from './remove-unlisted.js';
import { storeSyncedRecords } from './store-records.js';

/** What a job's run ended in: the queue acks `done`, `failed` and `gone`, and redelivers a pause after `delayMs`. */
export type JobOutcome = { kind: 'done' | 'failed' | 'gone' } | { kind: 'paused'; delayMs: number };

/** What running a job needs. */
export interface SyncJobDeps {
  db: Kysely<Database>;
  box: SecretBox;
  publisher: IngestPublisher;
  breakers: ConnectionBreakers;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long a paused job waits before it is tried again (the breaker's reset time). */
  pauseMs: number;
  /** When the connection's next incremental sync is due after this one. */
  intervalMs: number;
  /** The first wait before a 5xx is retried (ms). */
  retryBaseMs?: number;
  /** Counts items stored, for `pipe status`'s throughput. */
  itemsMeter?: { mark(n: number): void };
  /** Puts a job on the work queue (a job of every scope queues one per scope). */
  queueJob(job: SyncJob): Promise<void>;
}

/** Attempts at a job failing for a reason that is not the platform's (which pauses without limit). */
const MAX_ATTEMPTS = 5;

/** The cursor a finished job saves, so a redelivery after the last page does not read the scope again. */
const END = { end: true };

/**
 * Runs one job from its saved cursor: page by page through the platform module's backfill plan,
 * reading one page ahead, each page stored (see `storeSyncedRecords`) before its cursor is saved,
 * so a job taken over after a crash reads at most two pages again — and stores nothing twice. `progress` is called after each
 * page (the queue's `working()`, so JetStream keeps the job with this instance).
 */
export async function runSyncJob(deps: SyncJobDeps, jobId: string, progress: () => void, stopping: AbortSignal): Promise<JobOutcome> {
  const job = await startSyncJob(deps.db, jobId);
  if (!job) return { kind: 'gone' };
  const fail = async (error: string): Promise<JobOutcome> => {
    await settleSyncJob(deps.db, job.id, { state: 'failed', error });
    await clearSeenItems(deps.db, job.id);
    await recordConnectionSync(deps.db, job.team, job.platform, {
      items: 0,
      at: new Date(),
      nextAt: new Date(Date.now() + deps.intervalMs),
      error,
    });
    deps.logger.warn({ job: job.id, team: job.team, platform: job.platform, scope: job.scope, error }, 'sync job failed');
    return { kind: 'failed' };
  };
  const pause = async (error: string, delayMs: number): Promise<JobOutcome> => {
    await settleSyncJob(deps.db, job.id, { state: 'paused', error, resumeAt: new Date(Date.now() + delayMs) });
    deps.logger.info({ job: job.id, scope: job.scope, error, resumeInMs: delayMs }, 'sync job paused');
    return { kind: 'paused', delayMs };
  };

  const module = findPlatformModule(job.platform);
  const plan = module?.api?.backfill;
  if (!module || !plan) return fail(`${job.platform} has no backfill yet`);
  const connection = await getSyncConnection(deps.db, deps.box, job.team, job.platform);
  if (!connection)
    return fail(`team ${job.team} has no ${job.platform} connection: run \`pipe connect ${job.team} ${job.platform} --token …\``);
  if (connection.status !== 'active') return fail(connection.statusMessage ?? `the ${job.platform} connection is ${connection.status}`);
  if (deps.breakers.isOpen(job.team, job.platform))
    return pause(`the ${job.platform} API keeps failing (breaker open); the connection is paused`, deps.pauseMs);

  const since = job.since;
  const credential = { token: connection.token, apiUrl: connection.apiUrl };
  const passStartedAt = job.startedAt ?? job.createdAt;
  let items = 0;
  let removed = 0;
  try {
    if (job.scope === EVERY_SCOPE) {
      const scopes = await queueEveryScope(deps, job, plan, credential, stopping);
      await settleSyncJob(deps.db, job.id, { state: 'done' });
      deps.logger.info({ job: job.id, team: job.team, platform: job.platform, scopes }, 'sync of every scope queued a job per scope');
      return { kind: 'done' };
    }
    if (!isEnd(job.cursor)) {
      const controller = new AbortController();
      const abort = () => controller.abort();
      stopping.addEventListener('abort', abort, { once: true });
      try {
        const pages = plan
          .pages({
            credential,
            scope: job.scope,
            since,
            cursor: job.cursor,
            signal: controller.signal,
            ...(deps.retryBaseMs !== undefined ? { retryBaseMs: deps.retryBaseMs } : {}),
          })
          [Symbol.asyncIterator]();
        const read = () => deps.breakers.fire(job.team, job.platform, () => pages.next());
        let next = read();
        for (;;) {
          const current = await next;
          if (current.done) break;
          const page = current.value;
          // Read ahead: the next page comes from the platform while this one is stored, so the API
          // and JetStream/Postgres work at once. One page waits at most; its cursor is saved only
          // after it is stored, so a job stopped here reads it again. A failed read surfaces when
          // the loop comes to it, after this page is safely stored.
          next = read();
          next.catch(() => undefined);
          // What a full pass saw is recorded beside the publishing (idempotent, so a page read
          // again costs nothing), and before the cursor moves past the page.
          const [stored] = await Promise.all([
            storeSyncedRecords({ db: deps.db, publisher: deps.publisher, module }, job.team, page.records),
            job.mode === 'full' && plan.listing
              ? recordSeenItems(
                  deps.db,
                  job.id,
                  page.records.map((record) => record.itemId),
                )
              : undefined,
          ]);
          items += stored.stored;
          deps.itemsMeter?.mark(stored.stored);
          await saveSyncProgress(deps.db, job.id, {
            cursor: page.cursor ?? END,
            items: stored.stored,
            unchanged: stored.unchanged,
            expectedPages: page.expectedPages ?? null,
          });
          progress();
          // A drain stops between pages; the job goes back to the queue and another instance reads on.
          if (stopping.aborted && page.cursor !== null) return pause('the sync instance stopped; another resumes the job', 0);
        }
      } finally {
        stopping.removeEventListener('abort', abort);
      }
    }
    // A full pass listed its scope completely: what it did not list was deleted at the source.
    // Inside the try: a platform asked to confirm may fail like a page read (the job resumes here).
    if (job.mode === 'full' && plan.listing) {
      removed = await removeUnlisted(deps, module, plan.listing, job, credential, passStartedAt, stopping);
      await clearSeenItems(deps.db, job.id);
    }
  } catch (error) {
    if (stopping.aborted) return pause('the sync instance stopped; another resumes the job', 0);
    if (error instanceof ApiCredentialError && (error.code === 'CREDENTIAL_REJECTED' || error.code === 'CREDENTIAL_INSUFFICIENT')) {
      const message = `${error.message}; then run \`pipe connect ${job.team} ${job.platform} --token <new token>\``;
      await markConnectionNeedsCredential(deps.db, job.team, job.platform, message);
      return fail(message);
    }
    if ((error instanceof ApiCredentialError && error.code === 'NOT_FOUND') || error instanceof IngestError) return fail(error.message);
    // Anything else (Postgres, NATS, a bug) is retried a few times, then the job fails saying why.
    if (!isOpenBreaker(error) && !(error instanceof ApiCredentialError) && job.attempts >= MAX_ATTEMPTS)
      return fail(`gave up after ${job.attempts} attempts: ${error instanceof Error ? error.message : String(error)}`);
    const detail = error instanceof Error ? error.message : String(error);
    const reason =
      isOpenBreaker(error) || deps.breakers.isOpen(job.team, job.platform)
        ? `the ${job.platform} API keeps failing (${isOpenBreaker(error) ? 'breaker open' : detail}); the connection is paused`
        : detail;
    return pause(reason, deps.pauseMs);
  }
  const finished = await settleSyncJob(deps.db, job.id, { state: 'done' });
  await advanceScopeHighWater(deps.db, job, passStartedAt);
  await recordConnectionSync(deps.db, job.team, job.platform, {
    items: finished?.items ?? items,
    at: new Date(),
    nextAt: new Date(Date.now() + deps.intervalMs),
    error: null,
  });
  deps.logger.info(
    { job: job.id, team: job.team, scope: job.scope, items: finished?.items, pages: finished?.pages, removed },
    'sync job done',
  );
  return { kind: 'done' };
}

const isEnd = (cursor: unknown): boolean => typeof cursor === 'object' && cursor !== null && (cursor as { end?: unknown }).end === true;
