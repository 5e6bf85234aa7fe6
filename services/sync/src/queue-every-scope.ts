import { type Database, EVERY_SCOPE, type SyncJob, createSyncJob } from '@pipe/db';
import type { ApiCredential, BackfillPlan } from '@pipe/platforms';
import type { Kysely } from 'kysely';
import type { ConnectionBreakers } from './connection-breakers.js';

/**
 * A job of {@link EVERY_SCOPE}: lists every scope the credential reads (the plan's `scopes`, through
 * the connection's breaker like any read) and queues one job each — the same mode and start as
 * this one, which names it as their parent. Only here can it be done: the sync service opens the
 * credential, the gateway that queued the job cannot. A scope already syncing keeps its live job
 * (one per scope), so a redelivered job queues nothing twice. Returns the scopes.
 */
export async function queueEveryScope(
  deps: { db: Kysely<Database>; breakers: ConnectionBreakers; queueJob(job: SyncJob): Promise<void> },
  job: SyncJob,
  plan: BackfillPlan,
  credential: ApiCredential,
  signal: AbortSignal,
): Promise<string[]> {
  const scopes = await deps.breakers.fire(job.team, job.platform, () => plan.scopes(credential, signal));
  for (const scope of scopes) {
    const { job: child, created } = await createSyncJob(deps.db, {
      team: job.team,
      platform: job.platform,
      scope,
      mode: job.mode,
      since: job.since,
      parentId: job.id,
    });
    if (created) await deps.queueJob(child);
  }
  return scopes;
}
