import { type Database, listSyncConnections, listSyncJobs } from '@pipe/db';
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
}

/** The team's connections (`pipe connect`) with what their syncs did and are doing. */
export async function connectionSources(db: Kysely<Database>, team: string): Promise<ConnectionSource[]> {
  const [connections, jobs] = await Promise.all([
    listSyncConnections(db, team),
    listSyncJobs(db, { team, states: ['queued', 'running', 'paused'], limit: 100 }),
  ]);
  return connections.map((connection) => ({
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
  }));
}
