import { type Kysely, sql } from 'kysely';

/**
 * OAuth 2.1 for the gateway (issue 19): what the authorization server stores (clients registered
 * dynamically, grants, codes, tokens, interactions, each one row of `oauth_store` keyed by its
 * kind), the one-time sign-in links people use to prove they belong to a team, and who made each
 * audited call when it came with an OAuth token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth_store')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    // Every token and code of one authorization carries its grant: revoking the grant revokes them all.
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    // Set for grants: the team whose data the tokens reach (for `pipe tokens list`).
    .addColumn('team', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('consumed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('oauth_store_pk', ['kind', 'id'])
    .execute();
  await db.schema.createIndex('oauth_store_grant').on('oauth_store').column('grant_id').execute();
  await db.schema.createIndex('oauth_store_uid').on('oauth_store').column('uid').execute();
  await db.schema.createIndex('oauth_store_team').on('oauth_store').columns(['team', 'kind']).execute();
  await db.schema.createIndex('oauth_store_expires').on('oauth_store').column('expires_at').execute();

  await db.schema
    .createTable('oauth_sign_in_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull())
    // Who the link was made for (optional): recorded with every call made with its tokens.
    .addColumn('email', 'text')
    // The most a client signed in with this link may be granted.
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'admin')`))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema.alterTable('gateway_audit').addColumn('client_id', 'text').addColumn('sign_in', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('gateway_audit').dropColumn('client_id').dropColumn('sign_in').execute();
  await db.schema.dropTable('oauth_sign_in_links').ifExists().execute();
  await db.schema.dropTable('oauth_store').ifExists().execute();
}
