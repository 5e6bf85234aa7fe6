import type { LiveLease } from '@pipe/bus';
import { type SyncJob, createDb, listSyncConnections, visibleSyncJobs } from '@pipe/db';
import { findPlatformModule } from '@pipe/platforms';
import type { CliConfig } from '../config.js';
import { databaseUrlFor } from '../stack-file.js';

/** What `pipe status` says of sync: jobs running, queued, paused or failed in the last day, and connections that need a new credential. */
export interface SyncStatus {
  jobs: {
    id: string;
    team: string;
    platform: string;
    scope: string;
    state: string;
    pages: number;
    expectedPages: number | null;
    items: number;
    error: string | null;
  }[];
  connectionsNeedingCredential: { team: string; platform: string; statusMessage: string | null }[];
  /** Active connections of platforms Pipe holds a live connection to (Discord's Gateway): held by a sync instance, open. */
  liveConnections: { team: string; platform: string; held: boolean; open: boolean; holder: string | null; since: string | null }[];
}

/**
 * Reads the sync jobs and connections from Postgres for `pipe status`, and through `readLease` the
 * live connections' leases from NATS; null when the database cannot be reached (the status of the
 * services, found over NATS, is shown all the same).
 */
export async function syncStatus(
  config: CliConfig,
  readLease?: (team: string, platform: string) => Promise<LiveLease | null>,
): Promise<SyncStatus | null> {
  const db = createDb({ url: databaseUrlFor(config), poolSize: 1, applicationName: 'pipe-cli' });
  try {
    const [jobs, connections] = await Promise.all([visibleSyncJobs(db), listSyncConnections(db)]);
    const liveFeeds = connections.filter(
      (connection) => connection.status === 'active' && findPlatformModule(connection.platform)?.api?.liveFeed,
    );
    const leases = readLease
      ? await Promise.all(liveFeeds.map((connection) => readLease(connection.team, connection.platform).catch(() => null)))
      : [];
    return {
      jobs: jobs.map((job: SyncJob) => ({
        id: job.id,
        team: job.team,
        platform: job.platform,
        scope: job.scope,
        state: job.state,
        pages: job.pages,
        expectedPages: job.expectedPages,
        items: job.items,
        error: job.error,
      })),
      connectionsNeedingCredential: connections
        .filter((connection) => connection.status !== 'active')
        .map((connection) => ({ team: connection.team, platform: connection.platform, statusMessage: connection.statusMessage })),
      liveConnections: readLease
        ? liveFeeds.map((connection, n) => ({
            team: connection.team,
            platform: connection.platform,
            held: leases[n] != null,
            open: leases[n]?.open ?? false,
            holder: leases[n]?.holder ?? null,
            since: leases[n]?.since ?? null,
          }))
        : [],
    };
  } catch {
    // No database (a stack not up, a table not migrated yet): nothing to say about sync.
    return null;
  } finally {
    await db.destroy();
  }
}

/** The human form: one line per job, per connection that needs a credential and per live connection. */
export function describeSyncStatus(status: SyncStatus | null): string {
  if (!status || (status.jobs.length === 0 && status.connectionsNeedingCredential.length === 0 && status.liveConnections.length === 0))
    return '';
  const lines = ['', 'SYNC JOBS'];
  if (status.jobs.length === 0) lines.push('none running, queued, paused or failed');
  for (const job of status.jobs) {
    const progress = `${job.pages}${job.expectedPages ? `/${Math.max(job.pages, job.expectedPages)}` : ''} pages, ${job.items} items`;
    lines.push(
      `${job.state.padEnd(8)} ${job.id}  ${job.team} ${job.platform} ${job.scope}  ${progress}${job.error ? `  (${job.error})` : ''}`,
    );
  }
  for (const connection of status.connectionsNeedingCredential)
    lines.push(`needs credential: ${connection.team} ${connection.platform}: ${connection.statusMessage ?? ''}`);
  for (const live of status.liveConnections)
    lines.push(
      `live: ${live.team} ${live.platform} ${live.open ? `open, held by ${live.holder} since ${live.since}` : live.held ? `opening on ${live.holder}` : 'not held by any sync instance (is the sync service running?)'}`,
    );
  return `${lines.join('\n')}\n`;
}
