import { setTimeout as sleep } from 'node:timers/promises';
import { publishSyncJob, syncQueueNames } from '@pipe/bus';
import {
  SecretBox,
  type SyncJob,
  createSyncJob,
  getSyncConnection,
  getSyncJob,
  parseSecretKey,
  scopeHighWater,
  syncJobStart,
  syncedScopes,
} from '@pipe/db';
import { PLATFORMS } from '@pipe/platforms';
import { UsageError } from '../command.js';
import type { CliConfig } from '../config.js';
import { withBus } from '../connect-stack.js';
import { resolveSecretKey } from '../secret-key.js';
import { withTeamDb } from './connections.js';

/** What `pipe sync` was asked. */
export interface SyncRequest {
  team: string;
  /** One platform, or every connected one with a backfill. */
  platform: string | null;
  /** Scopes to sync (`--repo owner/name`); none → the ones synced before, else every one the credential sees. */
  scopes: string[];
  full: boolean;
  since: Date | null;
}

/** A job `pipe sync` queued (or found running for the same scope). */
export interface QueuedJob {
  id: string;
  platform: string;
  scope: string;
  mode: 'incremental' | 'full';
  since: string;
  /** False when the scope already had a live job, which is followed instead. */
  created: boolean;
}

/** `--since`: an ISO date or date-time, or a span back from now (`30d`, `12h`). */
export function parseSince(value: string, now = new Date()): Date {
  const span = /^(\d+)([dh])$/.exec(value.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * (span[2] === 'd' ? 86_400_000 : 3_600_000));
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new UsageError(`--since takes a date (2026-09-01), a date-time (2026-09-01T12:00:00Z) or a span (30d, 12h), not '${value}'`);
  return new Date(time);
}

/**
 * Queues one job per scope on the sync service's work queue: `--full` covers the whole window
 * (`SYNC_WINDOW_DAYS`, as the service's scheduler reads it) and finds deletions, otherwise each scope
 * syncs from its high-water mark (or the window's start the first time). Checks the connection and each scope's spelling first, so a mistake queues nothing.
 */
export async function queueSync(config: CliConfig, request: SyncRequest): Promise<QueuedJob[]> {
  const box = new SecretBox(parseSecretKey(resolveSecretKey(config, false)));
  return withTeamDb(config, request.team, async (db) => {
    const candidates = request.platform
      ? [request.platform]
      : PLATFORMS.filter((module) => module.api?.backfill).map((module) => module.name);
    const plans: { platform: string; scopes: string[] }[] = [];
    for (const platform of candidates) {
      const plan = PLATFORMS.find((module) => module.name === platform)?.api?.backfill;
      const connection = await getSyncConnection(db, box, request.team, platform);
      if (!connection) {
        if (request.platform)
          throw new Error(`team ${request.team} has no ${platform} connection; run \`pipe connect ${request.team} ${platform} --token …\``);
        continue;
      }
      if (!plan) throw new Error(`${platform} has no backfill yet (docs/backfill.md says which platforms do)`);
      if (connection.status !== 'active') throw new Error(connection.statusMessage ?? `the ${platform} connection is ${connection.status}`);
      for (const scope of request.scopes) {
        const problem = plan.scopeProblem(scope);
        if (problem) throw new UsageError(problem);
      }
      let scopes = request.scopes;
      if (scopes.length === 0) scopes = (await syncedScopes(db, request.team, platform)).map((synced) => synced.scope);
      if (scopes.length === 0)
        scopes = await plan.scopes({ token: connection.token, apiUrl: connection.apiUrl }, AbortSignal.timeout(60_000));
      plans.push({ platform, scopes });
    }
    if (plans.length === 0)
      throw new Error(`team ${request.team} has no connection to sync; run \`pipe connect ${request.team} <platform> --token …\``);

    const now = new Date();
    return withBus(config, async (bus, names) => {
      const queue = syncQueueNames(names);
      const exists = await bus.jsm.streams.info(queue.stream).then(
        () => true,
        () => false,
      );
      if (!exists)
        throw new Error(
          `no sync service has run on this NATS (no ${queue.stream} stream): start the stack with \`pipe up\`, or services/sync`,
        );
      const queued: QueuedJob[] = [];
      for (const { platform, scopes } of plans) {
        for (const scope of scopes) {
          const mode = request.full ? 'full' : 'incremental';
          const mark = mode === 'full' || request.since ? null : await scopeHighWater(db, request.team, platform, scope);
          const since = syncJobStart({
            mode,
            since: request.since,
            highWater: mark?.highWater ?? null,
            windowDays: config.SYNC_WINDOW_DAYS,
            now,
          });
          const { job, created } = await createSyncJob(db, { team: request.team, platform, scope, mode, since });
          if (created) await publishSyncJob(bus.js, names, job);
          queued.push({ id: job.id, platform, scope, mode: job.mode, since: job.since.toISOString(), created });
        }
      }
      return queued;
    });
  });
}

/** Follows jobs until each is done or failed, calling `onProgress` with their latest rows every `everyMs`. */
export async function followSyncJobs(
  config: CliConfig,
  team: string,
  ids: string[],
  onProgress: (jobs: SyncJob[]) => void,
  everyMs = 500,
): Promise<SyncJob[]> {
  return withTeamDb(config, team, async (db) => {
    for (;;) {
      const jobs = (await Promise.all(ids.map((id) => getSyncJob(db, id)))).filter((job): job is SyncJob => job !== null);
      onProgress(jobs);
      if (jobs.every((job) => job.state === 'done' || job.state === 'failed')) return jobs;
      await sleep(everyMs);
    }
  });
}

/** A job as the final report shows it. */
export const jobReport = (job: SyncJob) => ({
  id: job.id,
  platform: job.platform,
  scope: job.scope,
  mode: job.mode,
  since: job.since.toISOString(),
  state: job.state,
  pages: job.pages,
  items: job.items,
  unchanged: job.unchanged,
  error: job.error,
});
