import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, type StreamNames, publishSyncJob } from '@pipe/bus';
import { type Database, createSyncJob, dueSyncConnections, scheduleConnection, syncJobStart, syncedScopes } from '@pipe/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/** How the scheduler plans reconciliation. */
export interface ScheduleSettings {
  /** Incremental sync every … ms per connection. */
  intervalMs: number;
  /** A full pass over the window every … ms per scope. */
  fullIntervalMs: number;
  /** The window a full pass covers, in days back from now (`SYNC_WINDOW_DAYS`). */
  windowDays: number;
}

/**
 * One round of reconciliation: for every active connection whose next sync is due, a job per scope
 * it synced before — incremental from the scope's high-water mark (`syncJobStart`), or a full pass over the window
 * when the last one is older than `fullIntervalMs` — then the connection's next sync is planned.
 * A scope that already has a live job keeps it (`createSyncJob` finds it), so several instances
 * running this round at once queue nothing twice. The first sync of a connection is `pipe sync`'s:
 * it chooses the scopes.
 */
export async function scheduleDueSyncs(
  deps: { db: Kysely<Database>; bus: Pick<Bus, 'js'>; names: StreamNames; logger: Pick<Logger, 'info'> },
  settings: ScheduleSettings,
  now = new Date(),
): Promise<number> {
  let queued = 0;
  for (const connection of await dueSyncConnections(deps.db, now)) {
    for (const scope of await syncedScopes(deps.db, connection.team, connection.platform)) {
      const full = !scope.lastFullAt || now.getTime() - scope.lastFullAt.getTime() >= settings.fullIntervalMs;
      const since = syncJobStart({ mode: full ? 'full' : 'incremental', highWater: scope.highWater, windowDays: settings.windowDays, now });
      const { job, created } = await createSyncJob(deps.db, {
        team: connection.team,
        platform: connection.platform,
        scope: scope.scope,
        mode: full ? 'full' : 'incremental',
        since,
      });
      if (!created) continue;
      await publishSyncJob(deps.bus.js, deps.names, job);
      queued++;
    }
    await scheduleConnection(deps.db, connection.team, connection.platform, new Date(now.getTime() + settings.intervalMs));
  }
  if (queued > 0) deps.logger.info({ queued }, 'scheduled sync jobs');
  return queued;
}

/** Runs {@link scheduleDueSyncs} every `everyMs` until `stopping` aborts. */
export async function runScheduler(
  deps: Parameters<typeof scheduleDueSyncs>[0] & { logger: Pick<Logger, 'info' | 'warn'> },
  settings: ScheduleSettings,
  everyMs: number,
  stopping: AbortSignal,
): Promise<void> {
  while (!stopping.aborted) {
    await scheduleDueSyncs(deps, settings).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'scheduling syncs failed; trying again'),
    );
    // The promise timer takes its abort listener off again when it fires: one added per round and
    // never removed piled up, a closure every round for as long as the service ran.
    await sleep(everyMs, undefined, { signal: stopping }).catch(() => undefined);
  }
}
