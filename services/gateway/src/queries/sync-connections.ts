import type { LiveLease } from '@pipe/bus';
import { type Database, type SyncJobState, listSyncConnections, visibleSyncJobs } from '@pipe/db';
import { findPlatformModule } from '@pipe/platforms';
import type { Kysely } from 'kysely';

/** A sync job as the `sources` tool shows it: what it is doing and how far it got. */
export interface ConnectionJob {
  id: string;
  scope: string;
  mode: 'incremental' | 'full';
  /** `queued`, `running`, `paused` (until `resumeAt`) or `failed` (in the last day); done jobs are not shown. */
  state: Exclude<SyncJobState, 'done'>;
  pages: number;
  /** Pages the platform said there are (GitHub's `Link: last`), when it says. */
  expectedPages: number | null;
  items: number;
  error: string | null;
  startedAt: string | null;
  updatedAt: string;
  resumeAt: string | null;
}

/** A team's connection as the `sources` tool shows it (never its credential). */
export interface ConnectionSource {
  platform: string;
  account: string;
  /** `active`, or `needs_credential` with the command that fixes it in `statusMessage`. */
  status: string;
  statusMessage: string | null;
  itemsSynced: number;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  lastError: string | null;
  /** Its jobs to show: queued, running or paused (with progress), or failed in the last day. */
  jobs: ConnectionJob[];
  /** The live connection a sync instance holds for it (Discord's Gateway), or null for a platform without one, or when unknown. */
  live: { held: boolean; open: boolean; holder: string | null; since: string | null } | null;
}

/**
 * The team's connections (`pipe connect`) with what their syncs did and are doing (the jobs `pipe
 * status` shows), and — through `readLease`, when NATS is at hand — whether a sync instance holds
 * the live connection of a platform that has one.
 */
export async function connectionSources(
  db: Kysely<Database>,
  team: string,
  readLease?: (platform: string) => Promise<LiveLease | null>,
): Promise<ConnectionSource[]> {
  const [connections, jobs] = await Promise.all([listSyncConnections(db, team), visibleSyncJobs(db, { team })]);
  const live = async (platform: string): Promise<ConnectionSource['live']> => {
    if (!readLease || !findPlatformModule(platform)?.api?.liveFeed) return null;
    const lease = await readLease(platform).catch(() => undefined);
    if (lease === undefined) return null;
    return { held: lease !== null, open: lease?.open ?? false, holder: lease?.holder ?? null, since: lease?.since ?? null };
  };
  const leases = await Promise.all(connections.map((connection) => live(connection.platform)));
  return connections.map((connection, n) => ({
    platform: connection.platform,
    account: connection.account,
    status: connection.status,
    statusMessage: connection.statusMessage,
    itemsSynced: connection.itemsSynced,
    lastSyncAt: connection.lastSyncAt?.toISOString() ?? null,
    nextSyncAt: connection.nextSyncAt?.toISOString() ?? null,
    lastError: connection.lastError,
    jobs: jobs
      .filter((job) => job.platform === connection.platform)
      .map((job) => ({
        id: job.id,
        scope: job.scope,
        mode: job.mode,
        state: job.state as ConnectionJob['state'],
        pages: job.pages,
        expectedPages: job.expectedPages,
        items: job.items,
        error: job.error,
        startedAt: job.startedAt?.toISOString() ?? null,
        updatedAt: job.updatedAt.toISOString(),
        resumeAt: job.resumeAt?.toISOString() ?? null,
      })),
    live: leases[n] ?? null,
  }));
}
