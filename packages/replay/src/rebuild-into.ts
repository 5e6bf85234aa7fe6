import type { JetStreamClient } from '@nats-io/jetstream';
import type { Delivery } from '@pipe/bus';
import type { Database } from '@pipe/db';
import type { PipeEvent } from '@pipe/events';
import { type CheckpointKey, applyBatch } from '@pipe/projection';
import type { Kysely } from 'kysely';
import { type LogRange, readLog } from './read-events.js';

/** The live projector's checkpoint key: a rebuilt model carries on from the same position. */
export const PROJECTOR_CHECKPOINT: CheckpointKey = { projection: 'projector', partition: 'all' };

/** Progress of a rebuild, reported after every batch. */
export interface RebuildProgress {
  /** Events read so far in this call. */
  events: number;
  /** The last stream sequence read. */
  lastSeq: number;
}

/** What a pass over the log did. */
export interface RebuildPass {
  events: number;
  lastSeq: number;
  /** Events that could not be applied (the live projector dead-letters the same ones). */
  failed: { seq: number; error: string }[];
}

/**
 * Applies a range of the log to the read model `db` points at (a Kysely whose search path puts
 * the rebuild's schema first), through the projector's own batch code — the same rows, the same
 * rules — in large batches. Reading and decoding the next batch overlaps with writing the current
 * one, so Node and Postgres work at once. An event that fails alone is skipped and reported.
 */
export async function rebuildInto(
  db: Kysely<Database>,
  js: JetStreamClient,
  range: LogRange,
  options: { batchSize: number; signal?: AbortSignal; onProgress?(progress: RebuildProgress): void },
): Promise<RebuildPass> {
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
    pass.failed.push(...batch.undecodable);
    pass.failed.push(...(await applyIsolatingFailures(db, batch.deliveries)));
    pass.events += batch.deliveries.length + batch.undecodable.length;
    pass.lastSeq = batch.lastSeq;
    options.onProgress?.({ events: pass.events, lastSeq: pass.lastSeq });
  }
  return pass;
}

async function applyIsolatingFailures(db: Kysely<Database>, deliveries: Delivery<PipeEvent>[]): Promise<{ seq: number; error: string }[]> {
  if (deliveries.length === 0) return [];
  try {
    await applyBatch(db, PROJECTOR_CHECKPOINT, deliveries);
    return [];
  } catch {
    const failed: { seq: number; error: string }[] = [];
    for (const delivery of deliveries) {
      try {
        await applyBatch(db, PROJECTOR_CHECKPOINT, [delivery]);
      } catch (error) {
        failed.push({ seq: delivery.seq, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return failed;
  }
}
