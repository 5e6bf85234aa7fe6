import type { Database } from '@pipe/db';
import type { Kysely, Transaction } from 'kysely';

/** Which projection and which partition of the log a checkpoint belongs to. */
export interface CheckpointKey {
  projection: string;
  partition: string;
}

/** Another writer moved the checkpoint under this one: its batch must not commit. */
export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';
  readonly code = 'CHECKPOINT_CONFLICT';
}

/**
 * The last applied stream sequence, locked for the rest of the transaction so that no other
 * projector instance can commit the same partition meanwhile.
 */
export async function lockCheckpoint(tx: Transaction<Database>, key: CheckpointKey): Promise<number> {
  // One round trip: create the row if missing, and the no-op update takes its row lock.
  const row = await tx
    .insertInto('checkpoints')
    .values({ ...key, last_seq: 0 })
    .onConflict((oc) => oc.columns(['projection', 'partition']).doUpdateSet({ projection: key.projection }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

/** Moves the checkpoint from `expected` to `next` (compare-and-set), inside the batch's transaction. */
export async function advanceCheckpoint(tx: Transaction<Database>, key: CheckpointKey, expected: number, next: number): Promise<void> {
  const result = await tx
    .updateTable('checkpoints')
    .set({ last_seq: next, updated_at: new Date() })
    .where('projection', '=', key.projection)
    .where('partition', '=', key.partition)
    .where('last_seq', '=', expected)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) {
    throw new CheckpointConflictError(`checkpoint ${key.projection}/${key.partition} moved away from ${expected} during the batch`);
  }
}

/** The last applied stream sequence (0 when nothing was applied yet). */
export async function readCheckpoint(db: Kysely<Database>, key: CheckpointKey): Promise<number> {
  const row = await db
    .selectFrom('checkpoints')
    .select('last_seq')
    .where('projection', '=', key.projection)
    .where('partition', '=', key.partition)
    .executeTakeFirst();
  return row?.last_seq ?? 0;
}
