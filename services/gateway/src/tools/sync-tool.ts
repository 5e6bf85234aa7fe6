import { setTimeout as sleep } from 'node:timers/promises';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { publishSyncJob, syncQueueNames } from '@pipe/bus';
import { type SyncJob, createSyncJob, getSyncJob, listSyncConnections, scopeHighWater, syncedScopes } from '@pipe/db';
import { findPlatformModule } from '@pipe/platforms';
import { z } from 'zod';
import { ToolFailure, type ToolDeps, registerAdminTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

const DAY_MS = 86_400_000;
/** How far back a scope's first sync reaches (the sync service's `SYNC_WINDOW_DAYS` default). */
const WINDOW_MS = 90 * DAY_MS;
/** An incremental sync re-reads this much before the scope's high-water mark. */
const OVERLAP_MS = 5 * 60_000;
/** How long a call follows its jobs before answering with where they stand (they go on). */
const FOLLOW_MS = 10 * 60_000;

/** The arguments of `sync`. */
export const SyncInput = toolInput({
  platform: z.string().describe('the connected platform to sync, e.g. github'),
  scopes: z
    .array(z.string().min(1))
    .max(50)
    .optional()
    .describe('what to sync: repositories as owner/name for GitHub; omit to sync the scopes synced before'),
  full: z.boolean().default(false).describe('a full pass over the window (finds deletions) instead of from the last sync'),
  since: z.iso.datetime({ offset: true }).optional().describe('read what changed since this time (ISO 8601) instead'),
});

const JobRow = z.object({
  id: z.string(),
  scope: z.string(),
  state: z.string().describe('queued, running, paused, failed or done'),
  pages: z.number().int(),
  items: z.number().int().describe('items stored'),
  unchanged: z.number().int().describe('items Pipe already held at this version'),
  error: nullable(z.string()),
});

/** The result of `sync`. */
export const SyncOutput = z.object({
  platform: z.string(),
  jobs: z.array(JobRow),
  finished: z.boolean().describe('false when the call stopped following before every job ended (they go on; call sources to see them)'),
});
/** The result of `sync`. */
export type SyncOutput = z.infer<typeof SyncOutput>;

/**
 * Registers `sync` (admin scope): queues a backfill job per scope on the sync service's work queue,
 * exactly as `pipe sync` does, follows them, and answers with the job ids and their final counts.
 * A caller that passes a progress token gets `notifications/progress` (pages read of the pages
 * expected) while the jobs run.
 */
export function registerSyncTool(server: McpServer, deps: ToolDeps): void {
  registerAdminTool(server, deps, 'sync', {
    title: 'Sync a connected platform now',
    description:
      'Backfills a connected platform (pipe connect) now: one job per scope (a GitHub repository), incremental from the last sync unless full, ' +
      'and answers with each job’s counts once they end. Sends progress notifications when given a progress token.',
    inputSchema: SyncInput,
    outputSchema: SyncOutput,
    openWorld: true,
    idempotent: true,
    run: async (args, extra) => {
      const changes = deps.changes;
      if (!changes) throw new ToolFailure('UNAVAILABLE', 'this gateway runs without NATS, so it cannot queue sync jobs');
      const plan = findPlatformModule(args.platform)?.api?.backfill;
      if (!plan) throw new ToolFailure('INVALID_ARGUMENT', `platform: ${args.platform} has no backfill; connect github`);
      const connection = (await listSyncConnections(deps.db, deps.team)).find((candidate) => candidate.platform === args.platform);
      if (!connection)
        throw new ToolFailure(
          'NOT_CONNECTED',
          `${args.platform} is not connected; run \`pipe connect ${deps.team} ${args.platform} --token …\``,
        );
      if (connection.status !== 'active')
        throw new ToolFailure('NEEDS_CREDENTIAL', connection.statusMessage ?? `the ${args.platform} connection is ${connection.status}`);
      const scopes = args.scopes ?? (await syncedScopes(deps.db, deps.team, args.platform)).map((synced) => synced.scope);
      if (scopes.length === 0)
        throw new ToolFailure('INVALID_ARGUMENT', 'scopes: nothing was synced before; name the repositories (owner/name) to sync');
      for (const scope of scopes) {
        const problem = plan.scopeProblem(scope);
        if (problem) throw new ToolFailure('INVALID_ARGUMENT', `scopes: ${problem}`);
      }
      const queue = syncQueueNames(changes.names);
      const running = await changes.jsm.streams.info(queue.stream).then(
        () => true,
        () => false,
      );
      if (!running) throw new ToolFailure('UNAVAILABLE', 'no sync service has run on this NATS: start services/sync');

      const ids: string[] = [];
      for (const scope of scopes) {
        const mark = args.full || args.since ? null : await scopeHighWater(deps.db, deps.team, args.platform, scope);
        const since = args.since
          ? new Date(args.since)
          : mark
            ? new Date(mark.highWater.getTime() - OVERLAP_MS)
            : new Date(Date.now() - WINDOW_MS);
        const { job, created } = await createSyncJob(deps.db, {
          team: deps.team,
          platform: args.platform,
          scope,
          mode: args.full ? 'full' : 'incremental',
          since,
        });
        if (created) await publishSyncJob(changes.js, changes.names, job);
        ids.push(job.id);
      }

      const progressToken = extra._meta?.progressToken;
      const deadline = Date.now() + FOLLOW_MS;
      let jobs: SyncJob[] = [];
      for (;;) {
        jobs = (await Promise.all(ids.map((id) => getSyncJob(deps.db, id)))).filter((job): job is SyncJob => job !== null);
        const ended = jobs.every((job) => job.state === 'done' || job.state === 'failed');
        if (progressToken !== undefined) {
          const pages = jobs.reduce((sum, job) => sum + job.pages, 0);
          const total = jobs.reduce((sum, job) => sum + Math.max(job.pages, job.expectedPages ?? job.pages), 0);
          const items = jobs.reduce((sum, job) => sum + job.items, 0);
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: pages, total: Math.max(total, pages), message: `${pages} pages, ${items} items stored` },
          });
        }
        if (ended || Date.now() > deadline || extra.signal.aborted) break;
        await sleep(500);
      }
      const output: SyncOutput = {
        platform: args.platform,
        jobs: jobs.map((job) => ({
          id: job.id,
          scope: job.scope,
          state: job.state,
          pages: job.pages,
          items: job.items,
          unchanged: job.unchanged,
          error: job.error,
        })),
        finished: jobs.every((job) => job.state === 'done' || job.state === 'failed'),
      };
      const text = output.jobs
        .map(
          (job) =>
            `${job.scope}: ${job.state}, ${job.items} items stored, ${job.unchanged} unchanged${job.error ? ` (${job.error})` : ''} [${job.id}]`,
        )
        .join('\n');
      return toolSuccess(output, text);
    },
  });
}
