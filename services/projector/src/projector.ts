import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Bus,
  type Delivery,
  type Outcome,
  type StreamNames,
  deadLetter,
  dlqSubject,
  recreateConsumerAt,
  partitionWildcard,
  type RetryPolicy,
  attemptsSpent,
  release,
  runConsumerLoop,
  type SettledMessage,
} from '@pipe/bus';
import { type Database, databaseReachable } from '@pipe/db';
import { type PipeEvent, decodeEvent } from '@pipe/events';
import type { Kysely } from 'kysely';
import { type CheckpointKey, CheckpointRegressedError, applyBatch, readCheckpoint } from '@pipe/projection';
import { traceBatch } from './batch-telemetry.js';
import { ChangeAnnouncer } from './change-announcer.js';
import { type Failpoints, NO_FAILPOINTS } from './failpoints.js';
import { withPartitionLock } from './partition-lock.js';

/** The minimal logger the projector needs (pino fits). */
export interface ProjectorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a projector instance needs. */
export interface ProjectorDeps {
  db: Kysely<Database>;
  bus: Bus;
  names: StreamNames;
  logger: ProjectorLogger;
  /** Durable consumer and checkpoint name (default `projector`). */
  projection?: string;
  /** Largest batch applied in one transaction (default 500). */
  maxBatch?: number;
  /** Attempts at one event before it goes to the dead-letter stream (default 5). */
  maxAttempts?: number;
  /** Delay before the n-th retry of a failing event (default 100 ms doubling). */
  retryDelayMs?(attempt: number): number;
  /** Called after each message is settled (tests and metrics). */
  onSettled?(settled: SettledMessage): void;
  /** Crash points for fault-injection tests (default: none). */
  failpoints?: Failpoints;
  /** The partitions this instance serves (default: all `names.partitions`). */
  partitions?: number[];
}

/**
 * Runs the projector until `signal` aborts, one loop per partition it serves (all of them by
 * default). Each loop, once it holds its partition's lock, is a durable pull consumer on that
 * partition of `PIPE_EVENTS` (restarted right after the partition's checkpoint) whose batches are
 * applied in one transaction with the checkpoint, announced on `PIPE_CHANGES` (see
 * `ChangeAnnouncer`), then acknowledged. Events are applied strictly in stream order within a
 * partition: a failing event is retried in place (never overtaken by later ones) and
 * dead-lettered once its attempts are spent. While Postgres is unreachable the projector waits rather than dead-lettering good events.
 * A partition whose checkpoint went back while it ran — commits lost in a failover to a standby
 * that had not received them, a restored backup — is read again from the log from there.
 */
export async function runProjector(deps: ProjectorDeps, signal: AbortSignal): Promise<void> {
  const partitions = deps.partitions ?? Array.from({ length: deps.names.partitions }, (_, p) => p);
  const announcer = new ChangeAnnouncer(deps);
  try {
    await Promise.all(
      partitions.map((partition) => runPartition({ ...deps, announcer, retryPolicy: retryPolicyOf(deps) }, partition, signal)),
    );
  } finally {
    await announcer.drain();
  }
}

/** What a partition's loop works with: the projector's dependencies, its announcer and its retry policy. */
type PartitionDeps = ProjectorDeps & { announcer: ChangeAnnouncer; retryPolicy: RetryPolicy };

/**
 * The projector's retry policy, one for its in-place retries and for the consumer loop: `maxAttempts`
 * (default 5) counting earlier deliveries, `retryDelayMs` between them (default 100 ms doubling).
 */
function retryPolicyOf(deps: ProjectorDeps): RetryPolicy {
  return { maxAttempts: deps.maxAttempts ?? 5, delayMs: deps.retryDelayMs ?? ((attempt: number) => 100 * 2 ** (attempt - 1)) };
}

/** The durable consumer's name for a partition. */
export const partitionConsumerName = (projection: string, partition: number): string => `${projection}-p${partition}`;

async function runPartition(deps: PartitionDeps, partition: number, signal: AbortSignal): Promise<void> {
  const projection = deps.projection ?? 'projector';
  const key: CheckpointKey = { projection, partition: `p${partition}` };
  const name = partitionConsumerName(projection, partition);
  const consumer = { stream: deps.names.events, name, filterSubject: partitionWildcard(deps.names, partition) };
  const lockName = `pipe-projector:${deps.names.events}:${projection}:p${partition}`;
  const onWait = () => deps.logger.info({ partition }, 'another projector holds this partition; waiting for the partition lock');
  await withPartitionLock(deps.db, lockName, signal, onWait, async () => {
    deps.logger.info({ partition }, 'partition acquired');
    while (!signal.aborted) {
      // The checkpoint in Postgres is the truth; the consumer is only a cursor, restarted right after it.
      const checkpoint = await readCheckpoint(deps.db, key);
      await recreateConsumerAt(deps.bus.jsm, consumer, checkpoint);
      const regressed = await consume(deps, name, key, checkpoint, signal);
      if (!regressed) break;
      deps.logger.warn(
        { partition, checkpoint: regressed.found, committed: regressed.expected },
        'the checkpoint went back: committed batches were lost; reading the log again from the checkpoint',
      );
    }
  });
}

/** Where a partition's consumer stands: the checkpoint it last committed, and whether it must rewind. */
interface PartitionCursor {
  key: CheckpointKey;
  committed: number;
  /** Set when the checkpoint was found behind `committed`; the consumer stops and restarts there. */
  regressed?: CheckpointRegressedError;
  /** Stops this consumer (not the projector) to restart it at the checkpoint. */
  rewind: AbortController;
}

/** Consumes a partition from `checkpoint` until `signal` aborts or the checkpoint goes back (returned). */
async function consume(
  deps: PartitionDeps,
  consumer: string,
  key: CheckpointKey,
  checkpoint: number,
  signal: AbortSignal,
): Promise<CheckpointRegressedError | undefined> {
  const cursor: PartitionCursor = { key, committed: checkpoint, rewind: new AbortController() };
  await runConsumerLoop<PipeEvent>({
    js: deps.bus.js,
    stream: deps.names.events,
    consumer,
    dlqSubject: dlqSubject(deps.names, key.projection),
    maxBatch: deps.maxBatch ?? 500,
    // One policy: the projector retries in place (to keep order) under it, and the loop applies it
    // to any retry handed back. A rewind or a stop releases messages instead: never dead-lettered.
    retry: deps.retryPolicy,
    signal: AbortSignal.any([signal, cursor.rewind.signal]),
    decode: (data) => decodeEvent(data),
    handleBatch: (batch) => applyInOrder(deps, cursor, batch, signal),
    onSettled: (settled) => {
      if (settled.outcome === 'dead-letter')
        deps.logger.error({ seq: settled.seq, subject: settled.subject, error: settled.reason }, 'event dead-lettered');
      deps.onSettled?.(settled);
    },
  });
  return cursor.regressed;
}

/** Marks the cursor for a rewind and stops its consumer; the batch's deliveries are handed back (released). */
function rewindOn(cursor: PartitionCursor, error: CheckpointRegressedError): Outcome {
  cursor.regressed = error;
  cursor.rewind.abort();
  return release(error.message);
}

async function applyInOrder(
  deps: PartitionDeps,
  cursor: PartitionCursor,
  batch: Delivery<PipeEvent>[],
  signal: AbortSignal,
): Promise<Outcome[]> {
  const failpoints = deps.failpoints ?? NO_FAILPOINTS;
  try {
    const applied = await traceBatch(batch, () =>
      applyBatch(deps.db, cursor.key, batch, { committedBefore: cursor.committed, beforeCommit: () => failpoints.hit('before-commit') }),
    );
    failpoints.hit('after-commit');
    cursor.committed = applied.checkpoint;
    deps.announcer.announce(applied.notices);
    return applied.outcomes;
  } catch (error) {
    if (error instanceof CheckpointRegressedError) {
      const handedBack = rewindOn(cursor, error);
      return batch.map(() => handedBack);
    }
    deps.logger.warn({ error: String(error), size: batch.length }, 'batch failed; applying its events one by one');
  }
  const outcomes: Outcome[] = [];
  for (const delivery of batch)
    outcomes.push(cursor.regressed ? release(cursor.regressed.message) : await applyOneWithRetries(deps, cursor, delivery, signal));
  return outcomes;
}

async function applyOneWithRetries(
  deps: PartitionDeps,
  cursor: PartitionCursor,
  delivery: Delivery<PipeEvent>,
  signal: AbortSignal,
): Promise<Outcome> {
  const policy = deps.retryPolicy;
  // Earlier deliveries (before a crash or restart) count against the bound too.
  let attempt = delivery.deliveryCount - 1;
  for (;;) {
    signal.throwIfAborted();
    try {
      const applied = await traceBatch([delivery], () =>
        applyBatch(deps.db, cursor.key, [delivery], { committedBefore: cursor.committed }),
      );
      cursor.committed = applied.checkpoint;
      deps.announcer.announce(applied.notices);
      return applied.outcomes[0] ?? deadLetter(new Error('no outcome'));
    } catch (error) {
      if (error instanceof CheckpointRegressedError) return rewindOn(cursor, error);
      if (!(await databaseReachable(deps.db))) {
        deps.logger.warn({ seq: delivery.seq }, 'Postgres is unreachable; waiting for it before retrying');
        await sleep(1000, undefined, { signal });
        continue;
      }
      attempt += 1;
      const cause = error instanceof Error ? error : new Error(String(error));
      if (attemptsSpent(policy, attempt))
        return deadLetter(new Error(`${delivery.value.type} ${delivery.value.id} failed ${attempt} times: ${cause.message}`, { cause }));
      deps.logger.warn({ seq: delivery.seq, attempt, error: cause.message }, 'event failed; retrying');
      await sleep(policy.delayMs(attempt), undefined, { signal });
    }
  }
}
