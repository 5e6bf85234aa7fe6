import type { LiveLease } from '@pipe/bus';
import { type Database, listSyncConnections, listSyncJobs } from '@pipe/db';
import { findPlatformModule } from '@pipe/platforms';
import type { Kysely } from 'kysely';

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
  /** Its jobs not finished yet: running, queued or paused (with progress). */
  liveJobs: { scope: string; state: string; pages: number; items: number; error: string | null }[];
  /** The live connection a sync instance holds for it (Discord's Gateway), or null for a platform without one, or when unknown. */
  live: { held: boolean; open: boolean; holder: string | null; since: string | null } | null;
}

/**
 * The team's connections (`pipe connect`) with what their syncs did and are doing, and — through
 * `readLease`, when NATS is at hand — whether a sync instance holds the live connection of a
 * platform that has one.
 */
export async function connectionSources(
  db: Kysely<Database>,
  team: string,
  readLease?: (platform: string) => Promise<LiveLease | null>,
): Promise<ConnectionSource[]> {
  const [connections, jobs] = await Promise.all([
    listSyncConnections(db, team),
    listSyncJobs(db, { team, states: ['queued', 'running', 'paused'], limit: 100 }),
  ]);
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
    liveJobs: jobs
      .filter((job) => job.platform === connection.platform)
      .map((job) => ({ scope: job.scope, state: job.state, pages: job.pages, items: job.items, error: job.error })),
    live: leases[n] ?? null,
  }));
}
