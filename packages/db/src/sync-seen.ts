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
 * Which items a full pass over a scope lists completely (the slice of the platform module's
 * `CompleteListing` the query reads): their kinds, the containers they carry, and whether the
 * pass's window is on their last change or on when they (and the thread they reply in) were posted.
 */
export interface ListedScope {
  kinds: readonly string[];
  containers: { is: string } | { endsWith: string } | 'all';
  window: 'updated' | 'posted';
}

/**
 * What a finished full pass did not see: the team's live items of the job's platform in the listed
 * scope, inside the pass's window — changed (or, for a `posted` window, posted in a thread that
 * started) after `since` — and untouched since the pass began, that no page listed. A complete
 * listing no longer has them: they were deleted at the source.
 */
export async function unseenItems(
  db: Db,
  job: Pick<SyncJob, 'id' | 'team' | 'platform' | 'since'>,
  listed: ListedScope,
  passStartedAt: Date,
): Promise<{ id: string; kind: string; version: number }[]> {
  if (listed.kinds.length === 0) return [];
  const { containers } = listed;
  let query = db
    .selectFrom('items')
    .select(['items.id', 'items.kind', 'items.version'])
    .where('items.team', '=', job.team)
    .where('items.platform', '=', job.platform)
    .where('items.kind', 'in', [...listed.kinds])
    .where('items.removed_at', 'is', null)
    // Touched since the pass began (a webhook, a later page): the listing may predate it.
    .where('items.updated_at', '<', passStartedAt)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sync_seen').select('item_id').where('job_id', '=', job.id).whereRef('sync_seen.item_id', '=', 'items.id'))),
    );
  if (containers !== 'all')
    query =
      'is' in containers
        ? query.where('items.container', '=', containers.is)
        : query.where(sql<boolean>`right(items.container, ${containers.endsWith.length}) = ${containers.endsWith}`);
  query =
    listed.window === 'updated'
      ? query.where('items.updated_at', '>=', job.since)
      : query
          .where('items.created_at', '>=', job.since)
          // A reply is listed only with its thread: the thread's start must be in the window too.
          .where((eb) =>
            eb.or([
              eb('items.parent_id', 'is', null),
              eb.exists(
                eb
                  .selectFrom('items as thread')
                  .select('thread.id')
                  .whereRef('thread.team', '=', 'items.team')
                  .whereRef('thread.id', '=', 'items.parent_id')
                  .where('thread.created_at', '>=', job.since),
              ),
            ]),
          );
  const rows = await query.execute();
  return rows.map((row) => ({ id: row.id, kind: row.kind, version: Number(row.version) }));
}

/** Forgets what a job saw (it ended). */
export async function clearSeenItems(db: Db, jobId: string): Promise<void> {
  await db.deleteFrom('sync_seen').where('job_id', '=', jobId).execute();
}
