import { type Kysely, sql } from 'kysely';

/** Admin tables (teams, keys, secrets), the read models, and checkpoints. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull().references('teams.slug').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_keys_team').on('api_keys').column('team').execute();

  await db.schema
    .createTable('webhook_secrets')
    .addColumn('team', 'text', (c) => c.notNull().references('teams.slug').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('webhook_secrets_pk', ['team', 'platform'])
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('state', 'text')
    .addColumn('container', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('author_handle', 'text')
    .addColumn('author_external_id', 'text')
    .addColumn('created_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'timestamptz')
    // A removed item's text must leave search, so the vector is empty once removed_at is set.
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(sql`case when removed_at is null then
        setweight(to_tsvector('english'::regconfig, title), 'A') ||
        setweight(to_tsvector('english'::regconfig, body), 'B')
        else ''::tsvector end`)
        .stored(),
    )
    .addPrimaryKeyConstraint('items_pk', ['team', 'id'])
    .execute();
  await db.schema.createIndex('items_search').on('items').using('gin').column('search').execute();
  await db.schema.createIndex('items_team_ref').on('items').columns(['team', 'ref']).execute();
  await db.schema.createIndex('items_team_updated').on('items').columns(['team', 'updated_at']).execute();

  await db.schema
    .createTable('edges')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('to_ref', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('snippet', 'text')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('edges_pk', ['team', 'from_id', 'type', 'to_ref', 'origin'])
    .execute();
  await db.schema.createIndex('edges_team_to').on('edges').columns(['team', 'to_ref']).execute();

  await db.schema
    .createTable('activities')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('verb', 'text', (c) => c.notNull())
    .addColumn('actor_handle', 'text')
    .addColumn('actor_external_id', 'text')
    .addColumn('actor_platform', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activities_pk', ['team', 'id'])
    .execute();
  await db.schema.createIndex('activities_team_time').on('activities').columns(['team', 'occurred_at']).execute();
  await db.schema.createIndex('activities_team_item').on('activities').columns(['team', 'item_id']).execute();

  await db.schema
    .createTable('identities')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text')
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('url', 'text')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('identities_pk', ['team', 'platform', 'external_id'])
    .execute();

  await db.schema
    .createTable('checkpoints')
    .addColumn('projection', 'text', (c) => c.notNull())
    .addColumn('partition', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('checkpoints_pk', ['projection', 'partition'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['checkpoints', 'identities', 'activities', 'edges', 'items', 'webhook_secrets', 'api_keys', 'teams']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
