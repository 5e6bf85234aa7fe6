import { type Kysely, sql } from 'kysely';

/**
 * A team's settings for its AI assistants' hooks (ingest-assistant). `store_prompts`: whether
 * the text of the prompts developers type is kept — off unless the team opts in
 * (`pipe team set <team> assistant.prompts on`); a team without a row has it off.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assistant_settings')
    .addColumn('team', 'text', (c) => c.primaryKey().references('teams.slug').onDelete('cascade'))
    .addColumn('store_prompts', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('assistant_settings').ifExists().execute();
}
