import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { createTestDb } from '@pipe/db/testing';
import { runProjector } from '@pipe/projector';
import { replay } from '@pipe/replay';
import pino from 'pino';
import { realisticMix } from '../projector/realistic-mix.js';
import { tokenisingFloor } from './tokenising-floor.js';

/**
 * `pnpm bench replay`: rebuild BENCH_EVENTS (default 1,000,000) events of the projector
 * benchmark's realistic mix into a fresh schema, indexes included, beside the live projector's
 * rate on the first BENCH_LIVE_EVENTS (default 100,000) of the same log, in the same run.
 */
export async function replayBench(): Promise<void> {
  const count = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const liveCount = Math.min(count, Number(process.env.BENCH_LIVE_EVENTS ?? 100_000));
  console.log(
    `replay benchmark: ${count.toLocaleString('en-US')} events over ${process.env.BENCH_TEAMS ?? 8} team(s), live projector measured on the first ${liveCount.toLocaleString('en-US')}, node ${process.version}`,
  );
  const bus = await createTestBus();
  const [live, target] = await Promise.all([createTestDb(), createTestDb()]);
  try {
    await writeLog(bus, count);
    const liveRate = await liveProjectorRate(bus, live.db, liveCount);
    const writers = Number(process.env.BENCH_WRITERS ?? 2);
    let lastPrint = Date.now();
    const report = await replay({
      databaseUrl: target.url,
      bus,
      names: bus.names,
      mode: 'as-of',
      toSeq: count,
      batchSize: Number(process.env.BENCH_BATCH ?? 5000),
      writers,
      onProgress: (p) => {
        if (Date.now() - lastPrint > 10_000) {
          lastPrint = Date.now();
          console.log(`  … ${p.phase} ${p.events.toLocaleString('en-US')} events`);
        }
      },
    });
    const floor = await tokenisingFloor(target.db, report.schema, writers);
    console.log(`  baseline: live projector                     ${Math.round(liveRate).toString().padStart(7)} events/s`);
    console.log(
      `  pipe replay (rebuild + indexes)              ${Math.round(report.eventsPerSecond).toString().padStart(7)} events/s   ${report.seconds.toFixed(1)} s for ${report.events.toLocaleString('en-US')} events (target ≤ 90 s for 1M)`,
    );
    console.log(
      `  (phases: ${Object.entries(report.phaseSeconds)
        .map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)} s`)
        .join(', ')})`,
    );
    console.log(`  replay / live = ${(report.eventsPerSecond / liveRate).toFixed(2)}×   (target ≥ 1.5×)`);
    console.log(
      `  floor: tokenising the rebuilt items' text alone (${floor.items.toLocaleString('en-US')} items), ${writers} backends, nothing written: ${floor.seconds.toFixed(1)} s (${Math.round((100 * floor.seconds) / report.seconds)} % of the rebuild)`,
    );
  } finally {
    await Promise.all([bus.cleanup(), live.cleanup(), target.cleanup()]);
  }
}

async function writeLog(bus: TestBus, count: number): Promise<void> {
  const start = performance.now();
  const chunk = 50_000;
  for (let offset = 0; offset < count; offset += chunk) {
    // Generated in chunks with distinct seeds so a million events never sit in memory at once.
    const events = realisticMix(Math.min(chunk, count - offset), 'bench', 7 + offset, offset, Number(process.env.BENCH_TEAMS ?? 8));
    for (let i = 0; i < events.length; i += 2000) {
      await Promise.all(events.slice(i, i + 2000).map((e) => publishEvent(bus.js, bus.names, e, { msgId: e.id })));
    }
  }
  console.log(`  (log written in ${((performance.now() - start) / 1000).toFixed(1)} s)`);
}

async function liveProjectorRate(bus: TestBus, db: Awaited<ReturnType<typeof createTestDb>>['db'], count: number): Promise<number> {
  const stop = new AbortController();
  let settled = 0;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const start = performance.now();
  const running = runProjector(
    { db, bus, names: bus.names, logger: pino({ level: 'warn' }), onSettled: () => ++settled === count && finished() },
    stop.signal,
  );
  await Promise.race([done, sleep(900_000)]);
  const seconds = (performance.now() - start) / 1000;
  stop.abort();
  await running;
  return settled / seconds;
}
