import { setTimeout as sleep } from 'node:timers/promises';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { publishSyncJob, syncQueueNames } from '@pipe/bus';
import { DEFAULT_SYNC_WINDOW_DAYS } from '@pipe/config';
import {
  EVERY_SCOPE,
  type SyncJob,
  childSyncJobs,
  createSyncJob,
  getSyncJob,
  listSyncConnections,
  scopeHighWater,
  syncJobStart,
  syncedScopes,
} from '@pipe/db';
import { type BackfillPlan, PLATFORMS } from '@pipe/platforms';
import { z } from 'zod';
import { ToolFailure, type ToolDeps, registerAdminTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

/** How long a call follows its jobs before answering with where they stand (they go on). */
const FOLLOW_MS = 10 * 60_000;

/** The platforms with a backfill, each with its plan: the values `platform` allows. */
const SYNCABLE = new Map(
  PLATFORMS.flatMap((module) => (module.api?.backfill ? [[module.name, module.api.backfill] as [string, BackfillPlan]] : [])),
);
const SYNCABLE_NAMES = [...SYNCABLE.keys()] as [string, ...string[]];
const SCOPE_HINTS = [...SYNCABLE].map(([name, plan]) => `${name}: ${plan.scopeHint}`).join('; ');

/**
 * The arguments of `sync`. Each scope is checked against its platform's spelling here (the
 * platform module's `scopeProblem`), so a wrong one is an invalid-arguments error naming
 * `scopes[n]` and saying what the platform expects, before anything is queued.
 */
export const SyncInput = toolInput({
  platform: z
    .enum(SYNCABLE_NAMES, {
      error: (issue) =>
        `${JSON.stringify(issue.input) ?? String(issue.input)} cannot be synced: expected one of ${SYNCABLE_NAMES.join(', ')} (the platforms with a backfill)`,
    })
    .describe('the connected platform to sync'),
  scopes: z
    .array(z.string().trim().min(1, 'a scope is not empty'))
    .min(1, 'name at least one scope, or omit scopes to sync the ones synced before (on a first sync, every one the credential reads)')
    .max(50)
    .optional()
    .describe(
      `what to sync (${SCOPE_HINTS}); omit to sync the scopes synced before, or on a platform's first sync every scope its credential reads`,
    ),
  full: z.boolean().default(false).describe('a full pass over the window (finds deletions) instead of from the last sync'),
  since: z.iso.datetime({ offset: true }).optional().describe('read what changed since this time (ISO 8601) instead'),
}).superRefine((args, ctx) => {
  const plan = SYNCABLE.get(args.platform);
  for (const [n, scope] of (args.scopes ?? []).entries()) {
    const problem = plan?.scopeProblem(scope);
    if (problem)
      ctx.addIssue({ code: 'custom', path: ['scopes', n], message: `${problem} (${args.platform} scopes are ${plan?.scopeHint})` });
  }
});

const JobRow = z.object({
  id: z.string(),
  scope: z.string(),
  mode: z.enum(['incremental', 'full']),
  since: z.string().describe('what the job reads: records changed since this time (ISO 8601)'),
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
      'Backfills a connected platform (pipe connect) now: one job per scope (a GitHub repository, a Slack channel, a Jira project…), incremental from the last sync unless full, ' +
      'and answers with each job’s counts once they end. Sends progress notifications when given a progress token.',
    inputSchema: SyncInput,
    outputSchema: SyncOutput,
    openWorld: true,
    idempotent: true,
    run: async (args, extra) => {
      const changes = deps.changes;
      if (!changes) throw new ToolFailure('UNAVAILABLE', 'this gateway runs without NATS, so it cannot queue sync jobs');
      const connection = (await listSyncConnections(deps.db, deps.team)).find((candidate) => candidate.platform === args.platform);
      if (!connection)
        throw new ToolFailure(
          'NOT_CONNECTED',
          `${args.platform} is not connected; run \`pipe connect ${deps.team} ${args.platform} --token …\``,
        );
      if (connection.status !== 'active')
        throw new ToolFailure('NEEDS_CREDENTIAL', connection.statusMessage ?? `the ${args.platform} connection is ${connection.status}`);
      // Without scopes: the ones synced before; on a first sync, every scope the credential reads — which only the
      // sync service can list (it opens the credential, the gateway cannot): one job of EVERY_SCOPE queues a job each.
      const previous = (await syncedScopes(deps.db, deps.team, args.platform)).map((synced) => synced.scope);
      const scopes = args.scopes ?? (previous.length > 0 ? previous : [EVERY_SCOPE]);
      const queue = syncQueueNames(changes.names);
      const running = await changes.jsm.streams.info(queue.stream).then(
        () => true,
        () => false,
      );
      if (!running) throw new ToolFailure('UNAVAILABLE', 'no sync service has run on this NATS: start services/sync');

      const ids: string[] = [];
      const mode = args.full ? 'full' : 'incremental';
      const now = new Date();
      for (const scope of scopes) {
        const mark = mode === 'full' || args.since ? null : await scopeHighWater(deps.db, deps.team, args.platform, scope);
        const since = syncJobStart({
          mode,
          since: args.since ? new Date(args.since) : null,
          highWater: mark?.highWater ?? null,
          windowDays: deps.syncWindowDays ?? DEFAULT_SYNC_WINDOW_DAYS,
          now,
        });
        const { job, created } = await createSyncJob(deps.db, { team: deps.team, platform: args.platform, scope, mode, since });
        if (created) await publishSyncJob(changes.js, changes.names, job);
        ids.push(job.id);
      }

      const progressToken = extra._meta?.progressToken;
      const deadline = Date.now() + FOLLOW_MS;
      let jobs: SyncJob[] = [];
      for (;;) {
        const queued = (await Promise.all(ids.map((id) => getSyncJob(deps.db, id)))).filter((job): job is SyncJob => job !== null);
        // A job of every scope is followed through the jobs it queued; it shows itself only while it lists them, or if it failed.
        const children = (
          await Promise.all(queued.filter((job) => job.scope === EVERY_SCOPE).map((job) => childSyncJobs(deps.db, job.id)))
        ).flat();
        jobs = [...queued.filter((job) => job.scope !== EVERY_SCOPE || job.state !== 'done' || children.length === 0), ...children];
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
          mode: job.mode,
          since: job.since.toISOString(),
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
