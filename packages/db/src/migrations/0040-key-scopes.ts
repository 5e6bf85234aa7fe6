import { type Kysely, sql } from 'kysely';

/**
 * Scopes on API keys: `read` (every existing key, and the default) or `admin`. Existing keys keep
 * doing exactly what they did, since every tool before this migration only reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('read'))
    .execute();
  await sql`alter table api_keys add constraint api_keys_scope_known check (scope in ('read', 'admin'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('scope').execute();
}
