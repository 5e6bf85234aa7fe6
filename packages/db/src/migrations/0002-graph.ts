import { type Kysely, sql } from 'kysely';

/**
 * The relationship graph's read models: people (identities grouped by person), the links sources
 * state (with removals remembered), per-platform freshness, and the pending-references view.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('identities')
    // How edges name this identity: `identity:github:octocat`, `identity:slack:U123`.
    .addColumn('ref', 'text', (c) => c.notNull().defaultTo(''))
    // The person this identity belongs to: the smallest identity key of its group.
    .addColumn('person_id', 'text', (c) => c.notNull().defaultTo(''))
    // False once a human split this identity off (`pipe people unlink`): email no longer merges it.
    .addColumn('auto_merge', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema.createIndex('identities_team_ref').on('identities').columns(['team', 'ref']).execute();
  await db.schema.createIndex('identities_team_person').on('identities').columns(['team', 'person_id']).execute();
  await sql`create index identities_team_email on identities (team, lower(email)) where email is not null`.execute(db);

  await db.schema
    .createTable('source_links')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('to_ref', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('removed', 'boolean', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_links_pk', ['team', 'from_id', 'type', 'to_ref'])
    .execute();

  await db.schema
    .createTable('source_stats')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('last_event_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_applied_at', 'timestamptz', (c) => c.notNull())
    .addColumn('events', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_stats_pk', ['team', 'platform'])
    .execute();

  await db.schema.createIndex('items_team_container').on('items').columns(['team', 'container', 'updated_at']).execute();

  // A reference whose target has not been seen: the edge is stored already and resolves (joins)
  // the moment an item with that ref arrives, so the graph never depends on arrival order.
  await sql`create view pending_references as
    select e.* from edges e
    where e.type not in ('MENTIONS', 'AUTHORED_BY')
      and not exists (select 1 from items i where i.team = e.team and i.ref = e.to_ref)`.execute(db);

  // People: identities grouped by person, with the best-known name and email.
  await sql`create view people as
    select team, person_id as id,
      (array_agg(name order by name is null, platform, external_id))[1] as name,
      (array_agg(email order by email is null, platform, external_id))[1] as email,
      count(*)::int as identity_count
    from identities group by team, person_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop view if exists people`.execute(db);
  await sql`drop view if exists pending_references`.execute(db);
  await db.schema.dropTable('source_stats').ifExists().execute();
  await db.schema.dropTable('source_links').ifExists().execute();
  await db.schema.dropIndex('identities_team_email').ifExists().execute();
  await db.schema.alterTable('identities').dropColumn('auto_merge').dropColumn('person_id').dropColumn('ref').execute();
}
