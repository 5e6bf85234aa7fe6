import { type Database, fixedStatement, param } from '@pipe/db';
import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';

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
 * The checkpoint is behind what its writer committed before: commits were lost after they were
 * acknowledged — a failover to a standby that had not received them yet, a restore from a backup,
 * a checkpoint set back by hand. The rows went with their checkpoint (they commit together), so
 * the writer must read the log again from `found`; the batch wrote nothing.
 */
export class CheckpointRegressedError extends Error {
  override readonly name = 'CheckpointRegressedError';
  readonly code = 'CHECKPOINT_REGRESSED';
  constructor(
    readonly key: CheckpointKey,
    /** The checkpoint in the database now. */
    readonly found: number,
    /** The checkpoint the writer had committed (or started from). */
    readonly expected: number,
  ) {
    super(
      `checkpoint ${key.projection}/${key.partition} is at ${found}, behind the ${expected} this writer committed: commits were lost; read the log again from ${found}`,
    );
  }
}

// One round trip: create the row if missing, and the no-op update takes its row lock. It starts
// every batch: prepared, and compiled to SQL once.
const insertOrLockCheckpoint = fixedStatement<{ last_seq: number }>(
  'lock-checkpoint',
  sql`insert into checkpoints (projection, partition, last_seq) values (${param(1)}, ${param(2)}, 0)
    on conflict (projection, partition) do update set projection = excluded.projection
    returning last_seq`,
);

/**
 * The last applied stream sequence, locked for the rest of the transaction so that no other
 * projector instance can commit the same partition meanwhile. With `committedBefore` (the
 * checkpoint this writer last committed or started from), a checkpoint found behind it throws
 * {@link CheckpointRegressedError}.
 */
export async function lockCheckpoint(tx: Transaction<Database>, key: CheckpointKey, committedBefore?: number): Promise<number> {
  const { rows } = await insertOrLockCheckpoint(tx, [key.projection, key.partition]);
  const found = Number(rows[0]?.last_seq ?? 0);
  if (committedBefore !== undefined && found < committedBefore) throw new CheckpointRegressedError(key, found, committedBefore);
  return found;
}

/** A move of the checkpoint from `expected` to `next`: a compare-and-set, run with the batch's last write. */
export interface CheckpointMove {
  /** Updates the checkpoint's row, or no row if another writer moved it meanwhile. */
  statement: RawBuilder<unknown>;
  /** Throws unless the statement updated the row. */
  check(updatedRows: bigint | undefined): void;
}

/** The move of `key`'s checkpoint from `expected` to `next`, to run inside the batch's transaction. */
export function checkpointMove(key: CheckpointKey, expected: number, next: number): CheckpointMove {
  return {
    statement: sql`update checkpoints set last_seq = ${next}, updated_at = ${new Date()}
      where projection = ${key.projection} and partition = ${key.partition} and last_seq = ${expected}`,
    check(updatedRows) {
      if (updatedRows !== 1n)
        throw new CheckpointConflictError(`checkpoint ${key.projection}/${key.partition} moved away from ${expected} during the batch`);
    },
  };
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
