import { randomBytes } from 'node:crypto';
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A job's states: `queued` → `running` → `done`, or `paused` (resumes at `resumeAt`) or `failed`. */
export type SyncJobState = 'queued' | 'running' | 'paused' | 'failed' | 'done';

/**
 * The scope of a job that syncs every scope the credential reads: the sync service lists them (it
 * can open the credential; the gateway cannot) and queues one job each, as its children. No
 * platform's scope is spelt so.
 */
export const EVERY_SCOPE = '*';

/** One backfill of one scope, as stored. */
export interface SyncJob {
  id: string;
  team: string;
  platform: string;
  scope: string;
  mode: 'incremental' | 'full';
  since: Date;
  state: SyncJobState;
  cursor: unknown;
  pages: number;
  expectedPages: number | null;
  items: number;
  unchanged: number;
  attempts: number;
  error: string | null;
  resumeAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  updatedAt: Date;
  finishedAt: Date | null;
  /** The job that queued this one ({@link EVERY_SCOPE}), or null. */
  parentId: string | null;
}

/** What a new job is. */
export interface SyncJobRequest {
  team: string;
  platform: string;
  scope: string;
  mode: 'incremental' | 'full';
  since: Date;
  /** The job queueing this one, if any. */
  parentId?: string;
}

/**
 * Creates a job, or returns the scope's live one (queued, running or paused): one job per (team,
 * platform, scope) at a time, so a second `pipe sync` follows the first instead of doubling it.
 * `created` says which.
 */
export async function createSyncJob(db: Db, request: SyncJobRequest): Promise<{ job: SyncJob; created: boolean }> {
  const id = `sync_${randomBytes(8).toString('hex')}`;
  const { parentId, ...job } = request;
  const inserted = await db
    .insertInto('sync_jobs')
    .values({ id, ...job, parent_id: parentId ?? null })
    .onConflict((oc) => oc.columns(['team', 'platform', 'scope']).where('state', 'in', ['queued', 'running', 'paused']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { job: toJob(inserted), created: true };
  const live = await db
    .selectFrom('sync_jobs')
    .selectAll()
    .where('team', '=', request.team)
    .where('platform', '=', request.platform)
    .where('scope', '=', request.scope)
    .where('state', 'in', ['queued', 'running', 'paused'])
    .executeTakeFirst();
  if (!live) return createSyncJob(db, request);
  return { job: toJob(live), created: false };
}

/** The jobs a job queued (a sync of {@link EVERY_SCOPE}), oldest first. */
export async function childSyncJobs(db: Db, parentId: string): Promise<SyncJob[]> {
  const rows = await db.selectFrom('sync_jobs').selectAll().where('parent_id', '=', parentId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toJob);
}

/** A job by id, or null. */
export async function getSyncJob(db: Db, id: string): Promise<SyncJob | null> {
  const row = await db.selectFrom('sync_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : null;
}

/**
 * Takes a queued, paused or running job (a crashed instance's, redelivered) to run it: `running`,
 * one more attempt. Null when the job is finished or gone (a late redelivery): nothing to do.
 */
export async function startSyncJob(db: Db, id: string): Promise<SyncJob | null> {
  const row = await db
    .updateTable('sync_jobs')
    .set({
      state: 'running',
      attempts: sql`attempts + 1`,
      started_at: sql`coalesce(started_at, now())`,
      resume_at: null,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running', 'paused'])
    .returningAll()
    .executeTakeFirst();
  return row ? toJob(row) : null;
}

/** Saves a page's progress: the cursor to resume from and what the page stored. */
export async function saveSyncProgress(
  db: Db,
  id: string,
  page: { cursor: unknown; items: number; unchanged: number; expectedPages: number | null },
): Promise<void> {
  await db
    .updateTable('sync_jobs')
    .set({
      cursor: page.cursor === null ? null : JSON.stringify(page.cursor),
      pages: sql`pages + 1`,
      items: sql`items + ${page.items}`,
      unchanged: sql`unchanged + ${page.unchanged}`,
      expected_pages: page.expectedPages,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Ends a job: `done`, `failed` (with the error) or `paused` until `resumeAt`. */
export async function settleSyncJob(
  db: Db,
  id: string,
  outcome: { state: 'done' } | { state: 'failed'; error: string } | { state: 'paused'; error: string; resumeAt: Date },
): Promise<SyncJob | null> {
  const row = await db
    .updateTable('sync_jobs')
    .set({
      state: outcome.state,
      error: outcome.state === 'done' ? null : outcome.error,
      resume_at: outcome.state === 'paused' ? outcome.resumeAt : null,
      finished_at: outcome.state === 'paused' ? null : sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toJob(row) : null;
}

/** Jobs to show (`pipe status`, `sources`): live ones and the latest finished, newest first. */
export async function listSyncJobs(db: Db, filter: { team?: string; states?: SyncJobState[]; limit?: number } = {}): Promise<SyncJob[]> {
  let query = db
    .selectFrom('sync_jobs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(filter.limit ?? 50);
  if (filter.team !== undefined) query = query.where('team', '=', filter.team);
  if (filter.states) query = query.where('state', 'in', filter.states);
  return (await query.execute()).map(toJob);
}

/** How long a failed job stays worth showing: long enough to be seen the next morning. */
export const FAILED_JOB_SHOWN_MS = 86_400_000;

/**
 * The jobs people should see (`pipe status`, the `sources` tool, the console): every one queued,
 * running or paused, then those that failed in the last {@link FAILED_JOB_SHOWN_MS}, newest
 * first within each. Finished ones are told by their connection's last sync instead.
 */
export async function visibleSyncJobs(db: Db, filter: { team?: string; now?: Date } = {}): Promise<SyncJob[]> {
  const since = new Date((filter.now ?? new Date()).getTime() - FAILED_JOB_SHOWN_MS);
  const [live, failed] = await Promise.all([
    listSyncJobs(db, { team: filter.team, states: ['queued', 'running', 'paused'], limit: 100 }),
    listSyncJobs(db, { team: filter.team, states: ['failed'], limit: 20 }),
  ]);
  return [...live, ...failed.filter((job) => (job.finishedAt ?? job.updatedAt) >= since)];
}

/** The time the next incremental sync of a scope starts from, or null before its first sync. */
export async function scopeHighWater(
  db: Db,
  team: string,
  platform: string,
  scope: string,
): Promise<{ highWater: Date; lastFullAt: Date | null } | null> {
  const row = await db
    .selectFrom('sync_scopes')
    .select(['high_water', 'last_full_at'])
    .where('team', '=', team)
    .where('platform', '=', platform)
    .where('scope', '=', scope)
    .executeTakeFirst();
  return row ? { highWater: row.high_water, lastFullAt: row.last_full_at } : null;
}

/** The scopes a team's platform has synced before (the scheduler's incremental syncs cover these). */
export async function syncedScopes(
  db: Db,
  team: string,
  platform: string,
): Promise<{ scope: string; highWater: Date; lastFullAt: Date | null }[]> {
  const rows = await db.selectFrom('sync_scopes').selectAll().where('team', '=', team).where('platform', '=', platform).execute();
  return rows.map((row) => ({ scope: row.scope, highWater: row.high_water, lastFullAt: row.last_full_at }));
}

/** After a job finished: the next incremental sync of its scope starts from `startedAt` (what changed during the job included). */
export async function advanceScopeHighWater(
  db: Db,
  job: Pick<SyncJob, 'team' | 'platform' | 'scope' | 'mode'>,
  startedAt: Date,
): Promise<void> {
  const full = job.mode === 'full' ? startedAt : null;
  await db
    .insertInto('sync_scopes')
    .values({ team: job.team, platform: job.platform, scope: job.scope, high_water: startedAt, last_full_at: full })
    .onConflict((oc) =>
      oc.columns(['team', 'platform', 'scope']).doUpdateSet({
        high_water: sql`greatest(sync_scopes.high_water, excluded.high_water)`,
        last_full_at: sql`coalesce(excluded.last_full_at, sync_scopes.last_full_at)`,
      }),
    )
    .execute();
}

function toJob(row: {
  id: string;
  team: string;
  platform: string;
  scope: string;
  mode: string;
  since: Date;
  state: string;
  cursor: unknown;
  pages: number;
  expected_pages: number | null;
  items: number;
  unchanged: number;
  attempts: number;
  error: string | null;
  resume_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  updated_at: Date;
  finished_at: Date | null;
  parent_id: string | null;
}): SyncJob {
  return {
    id: row.id,
    team: row.team,
    platform: row.platform,
    scope: row.scope,
    mode: row.mode as SyncJob['mode'],
    since: row.since,
    state: row.state as SyncJobState,
    cursor: row.cursor ?? null,
    pages: row.pages,
    expectedPages: row.expected_pages,
    items: row.items,
    unchanged: row.unchanged,
    attempts: row.attempts,
    error: row.error,
    resumeAt: row.resume_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    parentId: row.parent_id,
  };
}
