import type { JetStreamClient } from '@nats-io/jetstream';
import type { Delivery } from '@pipe/bus';
import type { Database } from '@pipe/db';
import { type PipeEvent, subjectPartition } from '@pipe/events';
import { applyWithoutCheckpoint, partitionOf } from '@pipe/projection';
import type { Kysely } from 'kysely';
import { type LogRange, readLog } from './read-events.js';
import { recordPositions } from './record-positions.js';

export { PROJECTOR_PROJECTION } from './record-positions.js';

/** Progress of a rebuild, reported after every batch. */
export interface RebuildProgress {
  /** Set once a bulk load has read everything: writing the rows (`events` then moves with the share written), or building indexes. */
  phase?: 'load' | 'indexes';
  /** Events read so far in this call. */
  events: number;
  /** What `events` counts towards, when the pass knows (load, indexes: the events read). */
  total?: number;
  /** The last stream sequence read. */
  lastSeq: number;
}

/** What a pass over the log did. */
export interface RebuildPass {
  events: number;
  lastSeq: number;
  /** Events that could not be applied (the live projector dead-letters the same ones). */
  failed: { seq: number; error: string }[];
  /** Seconds spent per phase of the pass. */
  phaseSeconds?: Record<string, number>;
}

/**
 * Applies a range of the log to the read model `db` points at (a Kysely whose search path puts
 * the rebuild's schema first), through the projector's own batch code — the same rows, the same
 * rules — in large batches split between parallel writers. Reading and decoding the next batch
 * overlaps with writing the current one. An event that fails alone is skipped and reported. The
 * checkpoint is written once, at the end of the pass.
 */
export async function rebuildInto(
  db: Kysely<Database>,
  js: JetStreamClient,
  range: LogRange,
  options: {
    batchSize: number;
    writers?: number;
    /** Which events to apply (default all): a comparison applies exactly what each live partition has. */
    include?(seq: number, partition: number): boolean;
    signal?: AbortSignal;
    onProgress?(progress: RebuildProgress): void;
  },
): Promise<RebuildPass> {
  const writers = Math.max(1, options.writers ?? 2);
  const positions = new Map<number, number>();
  const included = (seq: number, subject: string) => {
    const partition = subjectPartition(subject) ?? 0;
    if (options.include && !options.include(seq, partition)) return false;
    positions.set(partition, Math.max(positions.get(partition) ?? 0, seq));
    return true;
  };
  const pass: RebuildPass = { events: 0, lastSeq: (range.fromSeq ?? 1) - 1, failed: [] };
  const log = readLog(js, range, options.batchSize, options.signal);
  let next = log.next();
  for (;;) {
    const { value: batch, done } = await next;
    if (done) break;
    if (options.signal?.aborted) {
      await log.return(undefined);
      throw options.signal.reason ?? new Error('aborted');
    }
    next = log.next(); // read ahead while this batch is written
    pass.failed.push(...batch.undecodable.filter((u) => included(u.seq, u.subject)).map(({ seq, error }) => ({ seq, error })));
    const deliveries = batch.deliveries.filter((d) => included(d.seq, d.subject));
    // Each writer owns a disjoint part of the rows, so the parts commit in parallel (one Postgres
    // backend each, both cores busy) and the result does not depend on how they interleave.
    const parts = Array.from({ length: writers }, () => [] as Delivery<PipeEvent>[]);
    for (const delivery of deliveries) parts[partitionOf(delivery.value, writers)]?.push(delivery);
    const failures = await Promise.all(parts.map((part) => applyIsolatingFailures(db, part)));
    pass.failed.push(...failures.flat().sort((a, b) => a.seq - b.seq));
    pass.events += batch.deliveries.length + batch.undecodable.length;
    pass.lastSeq = batch.lastSeq;
    options.onProgress?.({ events: pass.events, lastSeq: pass.lastSeq });
  }
  await recordPositions(db, positions);
  return pass;
}

async function applyIsolatingFailures(db: Kysely<Database>, deliveries: Delivery<PipeEvent>[]): Promise<{ seq: number; error: string }[]> {
  if (deliveries.length === 0) return [];
  try {
    await applyWithoutCheckpoint(db, deliveries);
    return [];
  } catch {
    const failed: { seq: number; error: string }[] = [];
    for (const delivery of deliveries) {
      try {
        await applyWithoutCheckpoint(db, [delivery]);
      } catch (error) {
        failed.push({ seq: delivery.seq, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return failed;
  }
}
