import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { readLiveLease } from '@pipe/bus';
import { z } from 'zod';
import { projectorBacklog } from '../queries/projector-backlog.js';
import { connectionSources } from '../queries/sync-connections.js';
import { type ToolDeps, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

/** The arguments of `sources` (none). */
export const SourcesInput = toolInput({});

/** The result of `sources`. */
export const SourcesOutput = z.object({
  sources: z.array(
    z.object({
      platform: z.string(),
      events: z.number().int().describe('events applied from this platform'),
      lastReceivedAt: z.string().describe('when Pipe last received an event from it'),
      lastOccurredAt: z.string().describe('source time of the newest event'),
      lastAppliedAt: z.string().describe('when the read model last applied one'),
      ingestLagMs: z.number().describe('received → applied for the last event: how far the read model trails the webhooks'),
      silentForMs: z.number().describe('time since the last event was received; large means the platform is quiet or disconnected'),
    }),
  ),
  connections: z
    .array(
      z.object({
        platform: z.string(),
        account: z.string().describe('who the API credential belongs to'),
        status: z.string().describe('active, or needs_credential: the platform refused the credential (statusMessage says the fix)'),
        statusMessage: nullable(z.string()),
        itemsSynced: z.number().int().describe('items backfill and reconciliation stored'),
        lastSyncAt: nullable(z.string()),
        nextSyncAt: nullable(z.string()).describe('when the next incremental sync runs'),
        lastError: nullable(z.string()),
        jobs: z
          .array(
            z.object({
              id: z.string().describe('the job id `pipe status` shows'),
              scope: z.string().describe('what it syncs: a repository, channel, project…'),
              mode: z.enum(['incremental', 'full']),
              state: z
                .enum(['queued', 'running', 'paused', 'failed'])
                .describe('paused: until resumeAt (a rate limit); failed: in the last day'),
              pages: z.number().int().describe('pages read so far'),
              expectedPages: nullable(z.number().int()).describe('pages the platform said there are, when it says'),
              items: z.number().int().describe('items stored so far'),
              error: nullable(z.string()),
              startedAt: nullable(z.string()),
              updatedAt: z.string().describe('when the job last saved progress'),
              resumeAt: nullable(z.string()),
            }),
          )
          .describe('its sync jobs queued, running or paused, with progress, and those that failed in the last day'),
        live: nullable(
          z.object({
            held: z.boolean().describe('a sync instance holds the connection'),
            open: z.boolean().describe('its session is open (false while it is being opened)'),
            holder: nullable(z.string()).describe('the sync instance holding it'),
            since: nullable(z.string()).describe('when that instance took it'),
          }),
        ).describe(
          "the live connection Pipe holds to the platform (Discord's Gateway); null for platforms without one, or when NATS is unreachable",
        ),
      }),
    )
    .describe('the platforms connected for backfill (`pipe connect`): last sync, items synced, next run, any error'),
  projectorBacklog: nullable(z.number().int()).describe(
    'this team’s events in the log not yet applied by the projector (0: the answers are current), or null when unknown',
  ),
  nextCursor: z.null().describe('always null: one row per platform, never paged'),
  cut: z.null(),
});
/** The result of `sources`. */
export type SourcesOutput = z.infer<typeof SourcesOutput>;

const duration = (ms: number): string =>
  ms < 1000
    ? `${Math.round(ms)} ms`
    : ms < 120_000
      ? `${Math.round(ms / 1000)} s`
      : ms < 7_200_000
        ? `${Math.round(ms / 60_000)} min`
        : `${Math.round(ms / 3_600_000)} h`;

/** Registers `sources`: per platform, the last event and the lag: how fresh the answers are. */
export function registerSourcesTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'sources', {
    title: 'Sources and freshness',
    description: 'Per connected platform: the last event received and applied, and the lag — how fresh the other tools’ answers are.',
    inputSchema: SourcesInput,
    outputSchema: SourcesOutput,
    run: async () => {
      const now = Date.now();
      const rows = await deps.db.selectFrom('source_stats').selectAll().where('team', '=', deps.team).orderBy('platform').execute();
      const changes = deps.changes;
      const backlog =
        changes === undefined
          ? null
          : await projectorBacklog(deps.db, changes.js, changes.names, deps.team).catch((error: unknown) => {
              deps.log.warn({ err: error }, 'sources: the projector backlog could not be counted');
              return null;
            });
      const connections = await connectionSources(
        deps.db,
        deps.team,
        changes ? (platform) => readLiveLease(changes.jsm, changes.names, deps.team, platform) : undefined,
      );
      const output: SourcesOutput = {
        sources: rows.map((row) => ({
          platform: row.platform,
          events: Number(row.events),
          lastReceivedAt: row.last_received_at.toISOString(),
          lastOccurredAt: row.last_occurred_at.toISOString(),
          lastAppliedAt: row.last_applied_at.toISOString(),
          ingestLagMs: Math.max(0, row.last_applied_at.getTime() - row.last_received_at.getTime()),
          silentForMs: Math.max(0, now - row.last_received_at.getTime()),
        })),
        connections,
        projectorBacklog: backlog,
        nextCursor: null,
        cut: null,
      };
      const lines = output.sources.map(
        (s) =>
          `- ${s.platform}: ${s.events} events, last received ${duration(s.silentForMs)} ago, applied ${duration(s.ingestLagMs)} after receipt`,
      );
      const text = [
        output.sources.length === 0 ? 'No platform has sent events yet.' : 'Sources:',
        ...lines,
        ...connections.map(
          (c) =>
            `- ${c.platform} connection (${c.account}): ${c.status === 'active' ? 'active' : `${c.status}: ${c.statusMessage ?? ''}`}, ${c.itemsSynced} items synced, last sync ${c.lastSyncAt ?? 'never'}, next ${c.nextSyncAt ?? 'not planned'}${c.lastError && c.status === 'active' ? `, last error: ${c.lastError}` : ''}${c.live ? `, live connection ${c.live.open ? 'open' : c.live.held ? 'opening' : 'not held by any sync instance'}` : ''}${c.jobs.length > 0 ? `, ${c.jobs.length} job(s) ${c.jobs.map((job) => `${job.scope} ${job.state} ${job.pages} pages ${job.items} items${job.error ? ` (${job.error})` : ''}`).join('; ')}` : ''}`,
        ),
        ...(backlog === null ? [] : [`Projector backlog: ${backlog} events.`]),
      ].join('\n');
      return toolSuccess(output, text);
    },
  });
}
