import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema.js';
import type { SyncJob } from './sync-jobs.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Records that a full pass saw these items (idempotent: a page read again adds nothing). */
export async function recordSeenItems(db: Db, jobId: string, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await sql`insert into sync_seen (job_id, item_id) select ${jobId}, unnest(${[...new Set(itemIds)]}::text[]) on conflict do nothing`.execute(
    db,
  );
}

/**
 * What a finished full pass did not see: the team's live items of the job's platform, scope
 * (container) and kinds, last updated inside the pass's window — after `since`, before the pass
 * began — that no page listed. The API no longer has them: they were deleted at the source.
 */
export async function unseenItems(
  db: Db,
  job: Pick<SyncJob, 'id' | 'team' | 'platform' | 'scope' | 'since'>,
  kinds: readonly string[],
  passStartedAt: Date,
): Promise<{ id: string; kind: string; version: number }[]> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('items')
    .select(['id', 'kind', 'version'])
    .where('team', '=', job.team)
    .where('platform', '=', job.platform)
    .where('container', '=', job.scope)
    .where('kind', 'in', [...kinds])
    .where('removed_at', 'is', null)
    .where('updated_at', '>=', job.since)
    .where('updated_at', '<', passStartedAt)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sync_seen').select('item_id').where('job_id', '=', job.id).whereRef('sync_seen.item_id', '=', 'items.id'))),
    )
    .execute();
  return rows.map((row) => ({ id: row.id, kind: row.kind, version: Number(row.version) }));
}

/** Forgets what a job saw (it ended). */
export async function clearSeenItems(db: Db, jobId: string): Promise<void> {
  await db.deleteFrom('sync_seen').where('job_id', '=', jobId).execute();
}
