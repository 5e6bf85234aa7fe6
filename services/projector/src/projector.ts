import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Bus,
  type Delivery,
  type DeliveryGap,
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
import { type Database, isDatabaseUnavailable } from '@pipe/db';
import { type PipeEvent, decodeEvent } from '@pipe/events';
import type { Kysely } from 'kysely';
import {
  type CheckpointKey,
  CheckpointRegressedError,
  StreamMismatchError,
  applyBatch,
  readCheckpoint,
  recordStreamIdentity,
  verifyStreamIdentity,
} from '@pipe/projection';
import { traceBatch } from './batch-telemetry.js';
import { ChangeRelay } from './change-relay.js';
import { type Failpoints, NO_FAILPOINTS } from './failpoints.js';
import { withPartitionLock } from './partition-lock.js';
import { PartitionSession, PartitionSessionLostError } from './partition-session.js';
import { type StreamWatch, streamIdentity, watchStream } from './stream-watch.js';
import type { PartitionStatus } from './partition-status.js';

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
  /** Where each partition's problems are reported, for `/ready` and `pipe status` (default: nowhere). */
  status?: PartitionStatus;
  /** How often an idle partition checks that the connection holding its lock still answers (default 2 s). */
  sessionCheckMs?: number;
  /** Delay before the n-th attempt to take a partition's lock again after Postgres was lost (default 250 ms doubling, at most 5 s). */
  reconnectDelayMs?(attempt: number): number;
  /**
   * How often a partition checks that `PIPE_EVENTS` is still the stream its checkpoint counts in
   * while it runs, and how often a partition stopped for a stream mismatch looks again (default 5 s).
   */
  streamCheckMs?: number;
}

/**
 * Runs the projector until `signal` aborts, one loop per partition it serves (all of them by
 * default). Each loop, once it holds its partition's lock, is a durable pull consumer on that
 * partition of `PIPE_EVENTS` (restarted right after the partition's checkpoint) whose batches are
 * applied in one transaction with the checkpoint and the batch's change notices (the outbox), then
 * acknowledged; the partition's `ChangeRelay` announces the notices on `PIPE_CHANGES`. Events are applied strictly in stream order within a
 * partition: a failing event is retried in place (never overtaken by later ones) and
 * dead-lettered once its attempts are spent. A partition whose checkpoint went back while it ran —
 * commits lost in a failover to a standby that had not received them, a restored backup — is read
 * again from the log from there.
 *
 * Postgres restarts and failovers are ridden out: a batch is applied on the connection that holds
 * the partition's lock, so when that connection is lost the lock and the batch go together (the
 * batch is handed back to JetStream, never dead-lettered). The partition then takes its lock
 * again on a new connection, with backoff, and resumes from its checkpoint; meanwhile it is
 * reported not ready (`status`).
 */
export async function runProjector(deps: ProjectorDeps, signal: AbortSignal): Promise<void> {
  const partitions = deps.partitions ?? Array.from({ length: deps.names.partitions }, (_, p) => p);
  await Promise.all(partitions.map((partition) => runPartition({ ...deps, retryPolicy: retryPolicyOf(deps) }, partition, signal)));
}

/** What a partition's loop works with: the projector's dependencies and its retry policy. */
type PartitionDeps = ProjectorDeps & { retryPolicy: RetryPolicy };

/** What a partition's consumer works with once it holds the partition: also the partition's relay. */
type HeldPartitionDeps = PartitionDeps & { relay: ChangeRelay };

/**
 * The projector's retry policy, one for its in-place retries and for the consumer loop: `maxAttempts`
 * (default 5) counting earlier deliveries, `retryDelayMs` between them (default 100 ms doubling).
 */
function retryPolicyOf(deps: ProjectorDeps): RetryPolicy {
  return { maxAttempts: deps.maxAttempts ?? 5, delayMs: deps.retryDelayMs ?? ((attempt: number) => 100 * 2 ** (attempt - 1)) };
}

/** The durable consumer's name for a partition. */
export const partitionConsumerName = (projection: string, partition: number): string => `${projection}-p${partition}`;

/**
 * A JetStream request that failed because NATS is down or a stream is between leaders (a restart,
 * a failover): the partition waits and starts again from its checkpoint, never the projector's end.
 */
function isNatsUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /TimeoutError|timeout|no responders|503|no leader|offline|connection (closed|draining)|disconnect/i.test(text);
}

/** The n-th delay before taking a partition's lock again after Postgres was lost: 250 ms doubling, at most 5 s. */
const reconnectDelayOf = (attempt: number): number => Math.min(5000, 250 * 2 ** (attempt - 1));

/**
 * Serves one partition until `signal` aborts: takes its lock, consumes, and when Postgres is lost
 * (the lock's connection, or no connection at all) takes the lock again with backoff, reporting
 * the partition not ready until it holds it again. Any other failure ends the projector.
 */
async function runPartition(deps: PartitionDeps, partition: number, signal: AbortSignal): Promise<void> {
  let attempt = 0;
  let mismatch: string | null = null;
  while (!signal.aborted) {
    try {
      await servePartitionOnce(deps, partition, signal, () => {
        attempt = 0;
        mismatch = null;
        deps.status?.set(partition, null);
      });
      if (signal.aborted) return;
      // The consumer ended on its own (its stream or consumer went away): start again from the checkpoint.
      deps.logger.warn({ partition }, 'the partition consumer ended; starting it again from the checkpoint');
      await sleep(deps.streamCheckMs ?? 5000, undefined, { signal }).catch(() => undefined);
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof StreamMismatchError) {
        // Stopped loudly, never skipped: the operator decides (pipe replay). It looks again now and then.
        if (mismatch !== error.message)
          deps.logger.error({ partition, error: error.message }, 'partition stopped: its checkpoint belongs to another stream');
        mismatch = error.message;
        deps.status?.set(partition, `stopped: ${error.message}`);
        await sleep(deps.streamCheckMs ?? 5000, undefined, { signal }).catch(() => undefined);
        continue;
      }
      const natsDown = isNatsUnavailable(error);
      if (!(error instanceof PartitionSessionLostError) && !isDatabaseUnavailable(error) && !natsDown) throw error;
      attempt += 1;
      const reason = error instanceof Error ? error.message : String(error);
      const waitingFor = natsDown ? 'NATS' : 'Postgres';
      deps.status?.set(partition, `${natsDown ? 'waiting for NATS' : 'reconnecting to Postgres'} (attempt ${attempt}): ${reason}`);
      deps.logger.warn(
        { partition, attempt, error: reason },
        `lost ${waitingFor}; taking the partition lock again, then resuming from the checkpoint`,
      );
      await sleep((deps.reconnectDelayMs ?? reconnectDelayOf)(attempt), undefined, { signal }).catch(() => undefined);
    }
  }
}

/**
 * Holds the partition's lock and consumes from its checkpoint until `signal` aborts (resolves) or
 * the lock's connection is lost (rejects with `PartitionSessionLostError`, or the connection's error).
 */
async function servePartitionOnce(deps: PartitionDeps, partition: number, signal: AbortSignal, onAcquired: () => void): Promise<void> {
  const projection = deps.projection ?? 'projector';
  const key: CheckpointKey = { projection, partition: `p${partition}` };
  const name = partitionConsumerName(projection, partition);
  const consumer = { stream: deps.names.events, name, filterSubject: partitionWildcard(deps.names, partition) };
  const lockName = `pipe-projector:${deps.names.events}:${projection}:p${partition}`;
  const onWait = () => {
    // Connected, and a standby while another instance holds the partition: not a problem to report.
    deps.status?.set(partition, null);
    deps.logger.info({ partition }, 'another projector holds this partition; waiting for the partition lock');
  };
  await withPartitionLock(deps.db, lockName, signal, onWait, async (db) => {
    const session = new PartitionSession(db, deps.sessionCheckMs ?? 2000);
    let watch: StreamWatch | undefined;
    // The relay outlives the consumer: it announces what the last batch committed during the drain.
    // It reads and deletes through the pool, never on the connection the batches hold.
    const relay = new ChangeRelay(deps, key);
    const relayStop = new AbortController();
    const relaying = relay.run(relayStop.signal);
    try {
      // The checkpoint must count in this very stream, or its sequences name other events.
      const stream = await streamIdentity(deps.bus, deps.names);
      await verifyStreamIdentity(db, key, stream);
      onAcquired();
      deps.logger.info({ partition }, 'partition acquired');
      watch = watchStream(deps.bus, deps.names, key, stream.created, deps.streamCheckMs ?? 5000);
      while (!signal.aborted && !session.lost.aborted && !watch.changed.aborted) {
        // The checkpoint in Postgres is the truth; the consumer is only a cursor, restarted right after it.
        const checkpoint = await readCheckpoint(db, key);
        await recreateConsumerAt(deps.bus.jsm, consumer, checkpoint);
        const rewind = await consume(
          { ...deps, relay },
          session,
          name,
          key,
          checkpoint,
          stream.created,
          AbortSignal.any([signal, watch.changed]),
        );
        if (rewind.regressed) {
          deps.logger.warn(
            { partition, checkpoint: rewind.regressed.found, committed: rewind.regressed.expected },
            'the checkpoint went back: committed batches were lost; reading the log again from the checkpoint',
          );
        } else if (rewind.gap) {
          deps.logger.warn(
            { partition, ...rewind.gap },
            'a delivery went missing (a dropped connection, a failover); reading the log again from the checkpoint so nothing is skipped',
          );
        } else break;
      }
    } finally {
      session.close();
      watch?.stop();
      relayStop.abort();
      await relaying;
    }
    if (session.lost.aborted && !signal.aborted) throw session.lost.reason;
    if (watch?.changed.aborted && !signal.aborted) throw watch.changed.reason;
  });
}

/** Where a partition's consumer stands: the checkpoint it last committed, and whether it must rewind. */
interface PartitionCursor {
  key: CheckpointKey;
  /** The connection holding the partition's lock: every batch is applied on it. */
  session: PartitionSession;
  committed: number;
  /** Set when the checkpoint was found behind `committed`; the consumer stops and restarts there. */
  regressed?: CheckpointRegressedError;
  /** Set when a delivery went missing; the consumer stops and restarts at the checkpoint. */
  gap?: DeliveryGap;
  /** Stops this consumer (not the projector) to restart it at the checkpoint. */
  rewind: AbortController;
  /** The `created` time of the stream the partition reads, recorded with its checkpoint after the first commit. */
  streamCreated: string;
  identityRecorded: boolean;
}

/** Why a partition's consumer stopped before `signal` aborted, if it did: it must restart at the checkpoint. */
interface Rewind {
  regressed?: CheckpointRegressedError;
  gap?: DeliveryGap;
}

/**
 * Consumes a partition from `checkpoint` until `signal` aborts, the checkpoint goes back or a
 * delivery goes missing (returned). Events are applied in stream order with no holes: the loop's
 * gap check stops at the first delivery that comes after a lost one, before it is applied.
 */
async function consume(
  deps: HeldPartitionDeps,
  session: PartitionSession,
  consumer: string,
  key: CheckpointKey,
  checkpoint: number,
  streamCreated: string,
  signal: AbortSignal,
): Promise<Rewind> {
  const cursor: PartitionCursor = {
    key,
    session,
    committed: checkpoint,
    rewind: new AbortController(),
    streamCreated,
    identityRecorded: false,
  };
  await runConsumerLoop<PipeEvent>({
    js: deps.bus.js,
    stream: deps.names.events,
    consumer,
    dlqSubject: dlqSubject(deps.names, key.projection),
    maxBatch: deps.maxBatch ?? 500,
    // One policy: the projector retries in place (to keep order) under it, and the loop applies it
    // to any retry handed back. A rewind or a stop releases messages instead: never dead-lettered.
    retry: deps.retryPolicy,
    // A lost session stops the consumer too: what it fetched is handed back, and the partition reconnects.
    signal: AbortSignal.any([signal, cursor.rewind.signal, session.lost]),
    decode: (data) => decodeEvent(data),
    // The consumer was just created at the checkpoint: its deliveries are numbered from 1.
    gapCheck: { firstDelivery: 1, onGap: (gap) => (cursor.gap = gap) },
    handleBatch: (batch) => session.exclusive(() => applyInOrder(deps, cursor, batch, signal)),
    onSettled: (settled) => {
      if (settled.outcome === 'dead-letter')
        deps.logger.error({ seq: settled.seq, subject: settled.subject, error: settled.reason }, 'event dead-lettered');
      deps.onSettled?.(settled);
    },
  });
  return { ...(cursor.regressed ? { regressed: cursor.regressed } : {}), ...(cursor.gap ? { gap: cursor.gap } : {}) };
}

/**
 * After the partition's first commit, records which stream its checkpoint counts in (the first
 * batch may have created the row). Once per start: one statement, not one per batch; never a
 * failure of the batch it follows.
 */
async function recordIdentityOnce(cursor: PartitionCursor): Promise<void> {
  if (cursor.identityRecorded) return;
  // The batch is committed whatever happens here; a failure is tried again after the next batch.
  cursor.identityRecorded = await recordStreamIdentity(cursor.session.db, cursor.key, { created: cursor.streamCreated }).then(
    () => true,
    () => false,
  );
}

/** Marks the cursor for a rewind and stops its consumer; the batch's deliveries are handed back (released). */
function rewindOn(cursor: PartitionCursor, error: CheckpointRegressedError): Outcome {
  cursor.regressed = error;
  cursor.rewind.abort();
  return release(error.message);
}

async function applyInOrder(
  deps: HeldPartitionDeps,
  cursor: PartitionCursor,
  batch: Delivery<PipeEvent>[],
  signal: AbortSignal,
): Promise<Outcome[]> {
  const failpoints = deps.failpoints ?? NO_FAILPOINTS;
  // The session was lost while this batch waited for it: nothing may be applied without the lock.
  if (cursor.session.lost.aborted) return batch.map(() => release('the connection holding the partition lock was lost'));
  try {
    const applied = await traceBatch(batch, () =>
      applyBatch(cursor.session.db, cursor.key, batch, {
        committedBefore: cursor.committed,
        beforeCommit: () => failpoints.hit('before-commit'),
      }),
    );
    failpoints.hit('after-commit');
    cursor.committed = applied.checkpoint;
    await recordIdentityOnce(cursor);
    deps.relay.committed(applied.notices);
    return applied.outcomes;
  } catch (error) {
    if (error instanceof CheckpointRegressedError) {
      const handedBack = rewindOn(cursor, error);
      return batch.map(() => handedBack);
    }
    if (await sessionLost(cursor, error)) return batch.map(() => release('the connection holding the partition lock was lost'));
    deps.logger.warn({ error: String(error), size: batch.length }, 'batch failed; applying its events one by one');
  }
  const outcomes: Outcome[] = [];
  for (const delivery of batch) {
    const stopped =
      cursor.regressed?.message ?? (cursor.session.lost.aborted ? 'the connection holding the partition lock was lost' : null);
    outcomes.push(stopped ? release(stopped) : await applyOneWithRetries(deps, cursor, delivery, signal));
  }
  return outcomes;
}

/**
 * True when a failed batch failed because Postgres went away — the error says so, or the lock's
 * connection no longer answers — and not because of its events. The session is then marked lost:
 * the batch is handed back (never counted as an attempt, never dead-lettered) and the partition
 * takes its lock again.
 */
async function sessionLost(cursor: PartitionCursor, error: unknown): Promise<boolean> {
  if (isDatabaseUnavailable(error)) {
    cursor.session.markLost(error);
    return true;
  }
  return !(await cursor.session.stillAlive(error));
}

async function applyOneWithRetries(
  deps: HeldPartitionDeps,
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
        applyBatch(cursor.session.db, cursor.key, [delivery], { committedBefore: cursor.committed }),
      );
      cursor.committed = applied.checkpoint;
      await recordIdentityOnce(cursor);
      deps.relay.committed(applied.notices);
      return applied.outcomes[0] ?? deadLetter(new Error('no outcome'));
    } catch (error) {
      if (error instanceof CheckpointRegressedError) return rewindOn(cursor, error);
      // Postgres went away: the event is handed back untouched, and the partition reconnects.
      if (await sessionLost(cursor, error)) return release('the connection holding the partition lock was lost');
      attempt += 1;
      const cause = error instanceof Error ? error : new Error(String(error));
      if (attemptsSpent(policy, attempt))
        return deadLetter(new Error(`${delivery.value.type} ${delivery.value.id} failed ${attempt} times: ${cause.message}`, { cause }));
      deps.logger.warn({ seq: delivery.seq, attempt, error: cause.message }, 'event failed; retrying');
      await sleep(policy.delayMs(attempt), undefined, { signal });
    }
  }
}
