import { type Kysely, sql } from 'kysely';

/**
 * A sync job may be queued by another: a sync of every scope (`*`, what the MCP `sync` tool queues
 * when nothing was synced before and it cannot open the credential to list the scopes itself) lists
 * them in the sync service and queues one job each, naming itself as their parent, so whoever
 * follows the first job follows the ones it queued.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sync_jobs add column parent_id text references sync_jobs (id) on delete cascade`.execute(db);
  await sql`create index sync_jobs_parent on sync_jobs (parent_id) where parent_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists sync_jobs_parent`.execute(db);
  await sql`alter table sync_jobs drop column if exists parent_id`.execute(db);
}
