import { type Kysely, sql } from 'kysely';

/**
 * Backfill (issue 17). `sync_connections`: a team's API credential per platform, sealed like webhook
 * secrets, with what the last sync did and whether the credential still works (`status`).
 * `sync_jobs`: one backfill of one scope (a repository, a channel…), with the cursor a resumed job
 * reads on from. `sync_scopes`: per scope, the high-water mark the next incremental sync starts
 * from and when the last full pass ran.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_connections')
    .addColumn('team', 'text', (c) => c.notNull().references('teams.slug').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('sealed_token', 'text', (c) => c.notNull())
    .addColumn('api_url', 'text')
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('status_message', 'text')
    .addColumn('items_synced', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('next_sync_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sync_connections_pkey', ['team', 'platform'])
    .execute();

  await db.schema
    .createTable('sync_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('since', 'timestamptz', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('cursor', 'jsonb')
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expected_pages', 'integer')
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('resume_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  // One live job per scope: a second request for it finds the first.
  await sql`create unique index sync_jobs_live_scope on sync_jobs (team, platform, scope) where state in ('queued', 'running', 'paused')`.execute(
    db,
  );
  await sql`create index sync_jobs_team_created on sync_jobs (team, created_at desc)`.execute(db);

  await db.schema
    .createTable('sync_scopes')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('high_water', 'timestamptz', (c) => c.notNull())
    .addColumn('last_full_at', 'timestamptz')
    .addPrimaryKeyConstraint('sync_scopes_pkey', ['team', 'platform', 'scope'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_scopes').ifExists().execute();
  await db.schema.dropTable('sync_jobs').ifExists().execute();
  await db.schema.dropTable('sync_connections').ifExists().execute();
}
