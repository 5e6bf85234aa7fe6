import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { createTestBus } from '@pipe/bus/testing';
import { createTestDb } from '@pipe/db/testing';
import { runProjector } from '@pipe/projector';
import pino from 'pino';
import { oneTransactionPerEvent, rawBatchedUpsert } from './baselines.js';
import { realisticMix } from './realistic-mix.js';
import { row } from '../stats.js';
import { smallBatchLatency } from './small-batches.js';

/**
 * `pnpm bench projector`: sustained events/s of the real projector (NATS consumer → batched
 * Postgres writes of items, edges, activities, people, checkpoint → PIPE_CHANGES), beside the raw
 * batched upsert of the same item rows and the one-transaction-per-event design, in the same run;
 * then the latency of the small batches low rates make, beside a transaction that does nothing else.
 */
export async function projectorBench(): Promise<void> {
  const count = Number(process.env.BENCH_EVENTS ?? 60_000);
  const batch = Number(process.env.BENCH_BATCH ?? 500);
  const naiveCount = Math.min(count, Number(process.env.BENCH_NAIVE_EVENTS ?? 3000));
  // Pipe is multi-tenant: by default 8 teams share the log, spread over its partitions, which the
  // projector applies in parallel (one transaction stream each). BENCH_TEAMS=1 keeps the whole
  // log in one partition: one writer.
  const teams = Number(process.env.BENCH_TEAMS ?? 8);
  const events = realisticMix(count, 'bench', 7, 0, teams);
  const itemEvents = events.filter((e) => e.type === 'item.observed').length;
  const bytes = events.reduce((n, e) => n + JSON.stringify(e).length, 0);
  console.log(
    `projector benchmark: ${count} events (${itemEvents} item snapshots, avg ${Math.round(bytes / count)} B), ${teams} team(s), batch ${batch}, node ${process.version}`,
  );

  const bus = await createTestBus();
  const [live, raw, naive, small] = await Promise.all([createTestDb(), createTestDb(), createTestDb(), createTestDb()]);
  try {
    const publishStart = performance.now();
    for (let i = 0; i < events.length; i += 1000) {
      await Promise.all(events.slice(i, i + 1000).map((e) => publishEvent(bus.js, bus.names, e, { msgId: e.id })));
    }
    console.log(`  (log written: ${Math.round(count / ((performance.now() - publishStart) / 1000))} events/s published)`);

    const projectorRate = await timeProjector(bus, live.db, count, batch);
    const rawRate = await rawBatchedUpsert(raw.db, events, batch);
    const naiveRate = await oneTransactionPerEvent(naive.db, events.slice(0, naiveCount));
    const edges = await live.db
      .selectFrom('edges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const activities = await live.db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const line = (label: string, rate: number, unit: string) =>
      console.log(`  ${label.padEnd(58)} ${Math.round(rate).toString().padStart(7)} ${unit}`);
    line('baseline: raw batched upsert of the item rows + checkpoint', rawRate.perSecond, 'rows/s');
    line(`baseline: one transaction per event (${naiveCount} events)`, naiveRate.perSecond, 'events/s');
    line(`projector (NATS → items, ${edges.n} edges, ${activities.n} activities, people)`, projectorRate, 'events/s');
    console.log(`  projector / raw   = ${(projectorRate / rawRate.perSecond).toFixed(2)}   (target ≥ 0.70)`);
    console.log(`  projector / naive = ${(projectorRate / naiveRate.perSecond).toFixed(1)}×  (target ≥ 10×)`);
    const smallBatches = Number(process.env.BENCH_SMALL_BATCHES ?? 3000);
    const latency = await smallBatchLatency(small.db, smallBatches);
    console.log(`  one delivery per batch (identity, issue, activity), ${smallBatches} batches in a row:`);
    console.log(`    ${row('floor: a transaction moving a checkpoint', latency.floor)}`);
    console.log(`    ${row('projector batch, applied and committed', latency.batch)}`);
  } finally {
    await Promise.all([bus.cleanup(), live.cleanup(), raw.cleanup(), naive.cleanup(), small.cleanup()]);
  }
}

async function timeProjector(
  bus: Awaited<ReturnType<typeof createTestBus>>,
  db: Awaited<ReturnType<typeof createTestDb>>['db'],
  count: number,
  maxBatch: number,
): Promise<number> {
  const stop = new AbortController();
  let settled = 0;
  let firstAt = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const start = performance.now();
  const running = runProjector(
    {
      db,
      bus,
      names: bus.names,
      logger: pino({ level: 'warn' }),
      maxBatch,
      onSettled: () => {
        if (settled === 0) firstAt = performance.now();
        settled += 1;
        if (settled === count) done();
      },
    },
    stop.signal,
  );
  await Promise.race([finished, sleep(600_000)]);
  const end = performance.now();
  stop.abort();
  await running;
  if (settled < count) throw new Error(`the projector settled ${settled} of ${count} events`);
  if (process.env.BENCH_VERBOSE) console.log(`  (startup ${Math.round(firstAt - start)} ms)`);
  return count / ((end - start) / 1000);
}
