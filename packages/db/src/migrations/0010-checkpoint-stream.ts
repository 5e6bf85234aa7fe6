import type { Kysely } from 'kysely';

/**
 * Each checkpoint records which stream its sequence belongs to: the `created` time of
 * `PIPE_EVENTS` (from stream info, nanoseconds included), so a projector that meets a recreated
 * or restored stream — whose sequences mean other events — stops that partition instead of
 * skipping everything up to its old position. Null until a projector first records it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('checkpoints').addColumn('stream_created', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('checkpoints').dropColumn('stream_created').execute();
}
