import { type Kysely, sql } from 'kysely';

/**
 * The projector's outbox of change notices (guarantee 4: every committed change is announced). A
 * batch records its notices here in the same transaction as its rows and checkpoint; the
 * partition's relay publishes them to `PIPE_CHANGES` in `id` order and deletes them once JetStream
 * acknowledged them. A crash or a NATS outage between commit and publish therefore delays an
 * announcement, never loses it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('projection', 'text', (c) => c.notNull())
    .addColumn('partition', 'text', (c) => c.notNull())
    // The notice's JSON exactly as it is published (text, not jsonb, so the bytes do not change).
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('change_outbox_partition').on('change_outbox').columns(['projection', 'partition', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('change_outbox').ifExists().execute();
}
