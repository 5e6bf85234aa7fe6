import { type Kysely, sql } from 'kysely';

/**
 * The gateway's tables: the audit log of tool calls, and MCP sessions (so a session, its
 * subscriptions and its place in the change log survive a move to another gateway process).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gateway_audit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('tool', 'text', (c) => c.notNull())
    // The call's arguments with anything that looks like a secret replaced.
    .addColumn('arguments', 'jsonb', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'real', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('gateway_audit_team_at').on('gateway_audit').columns(['team', 'at']).execute();

  await db.schema
    .createTable('gateway_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    // The client's initialize parameters, replayed to rebuild the session on another process.
    .addColumn('initialize', 'jsonb', (c) => c.notNull())
    // Resource URIs the session subscribed to (items and filters).
    .addColumn('subscriptions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('gateway_sessions_last_seen').on('gateway_sessions').column('last_seen_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('gateway_sessions').ifExists().execute();
  await db.schema.dropTable('gateway_audit').ifExists().execute();
}
