import type { Database } from '@pipe/db';
import type { Kysely } from 'kysely';
import type { CheckpointKey } from './checkpoint.js';

/** Which stream a checkpoint's sequence counts in, as stream info tells it. */
export interface StreamIdentity {
  /** The stream's name (`PIPE_EVENTS`, or a namespaced one), for messages. */
  name: string;
  /** Its `created` time exactly as JetStream reports it (nanoseconds included): a recreated or restored stream has another. */
  created: string;
  /** The last sequence it holds (0 when empty). */
  lastSeq: number;
}

/**
 * The checkpoint belongs to another stream than the one the projector reads: the stream was
 * recreated (a new cluster, a re-provisioned stream) or restored from a backup, so its sequences
 * name other events, and applying it from the old checkpoint would skip them silently.
 */
export class StreamMismatchError extends Error {
  override readonly name = 'StreamMismatchError';
  readonly code = 'STREAM_MISMATCH';
  constructor(
    readonly key: CheckpointKey,
    message: string,
  ) {
    super(message);
  }
}

/** What to tell an operator who meets a {@link StreamMismatchError}. */
const WHAT_TO_DO =
  'if the stream was recreated or restored on purpose, run `pipe replay` to rebuild the read models from it as it is now (the partition resumes by itself once it has); ' +
  'if not, point NATS_URL at the stream this checkpoint belongs to';

/**
 * Checks that `key`'s checkpoint counts in `stream`, recording the stream's identity on a
 * checkpoint written before identities were recorded (if it is not ahead of the stream); a
 * partition without a checkpoint yet passes (see {@link recordStreamIdentity}). Throws {@link StreamMismatchError} — and changes nothing — when the checkpoint
 * was recorded for another stream, or is ahead of everything the stream holds (its events would
 * be skipped).
 */
export async function verifyStreamIdentity(db: Kysely<Database>, key: CheckpointKey, stream: StreamIdentity): Promise<void> {
  const row = await db
    .selectFrom('checkpoints')
    .select(['last_seq', 'stream_created'])
    .where('projection', '=', key.projection)
    .where('partition', '=', key.partition)
    .executeTakeFirst();
  const lastSeq = row?.last_seq ?? 0;
  const where = `checkpoint ${key.projection}/${key.partition} (at sequence ${lastSeq})`;
  if (row?.stream_created && row.stream_created !== stream.created) {
    throw new StreamMismatchError(
      key,
      `${where} belongs to ${stream.name} created ${row.stream_created}, but ${stream.name} now was created ${stream.created} (last sequence ${stream.lastSeq}): the stream was recreated or restored, so this partition is stopped rather than skip its events; ${WHAT_TO_DO}`,
    );
  }
  if (lastSeq > stream.lastSeq) {
    throw new StreamMismatchError(
      key,
      `${where} is ahead of ${stream.name}, which holds sequences up to ${stream.lastSeq} only: the stream lost events or is not the one the checkpoint was recorded in, so this partition is stopped rather than skip the events to come; ${WHAT_TO_DO}`,
    );
  }
  if (!row || row.stream_created === stream.created) return;
  await recordStreamIdentity(db, key, stream);
}

/**
 * Records `stream` as the one `key`'s checkpoint counts in, unless one is recorded already. The
 * first batch of a partition creates its checkpoint row; its writer records the identity once it
 * has committed (a row made before identities were recorded gets one at the next start).
 */
export async function recordStreamIdentity(
  db: Kysely<Database>,
  key: CheckpointKey,
  stream: Pick<StreamIdentity, 'created'>,
): Promise<void> {
  await db
    .updateTable('checkpoints')
    .set({ stream_created: stream.created })
    .where('projection', '=', key.projection)
    .where('partition', '=', key.partition)
    .where('stream_created', 'is', null)
    .execute();
}
