import type { Kysely } from 'kysely';

/**
 * The items a full pass saw, per job (issue 17, reconciliation): when the pass ends, what the read
 * model holds in the pass's window that the API no longer listed was deleted at the source, and
 * gets an `item.removed`. Rows live only while their job runs (a resumed job keeps what it saw).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_seen')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_seen_pkey', ['job_id', 'item_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_seen').ifExists().execute();
}
