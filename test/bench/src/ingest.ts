import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { sign } from '@octokit/webhooks-methods';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { rawSubject } from '@pipe/bus';
import { createTestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb } from '@pipe/db/testing';
import { spawnFromSource } from '@pipe/test-infra';
import { cpuProfileArgs } from './cpu-profile.js';
import { type LoadResult, closedLoop, openLoop } from './http-load.js';
import { FLOOR_MODES, type FloorMode, type FloorResult, measureFloor } from './ingest-floors.js';
import { rawPublishRate } from './jetstream-baseline.js';
import { cpuMeter, pidOf } from './process-cpu.js';
import { summarize } from './stats.js';
import { GENERATED_SECRET_PLATFORMS } from '@pipe/platforms';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PORT = Number(process.env.BENCH_PORT ?? 17401);

/**
 * `pnpm bench ingest`: signed real GitHub webhooks (`issues.opened` from @octokit/webhooks-examples)
 * accepted per second by one ingest-github process over real HTTP — each answered 202 only after
 * JetStream acknowledged its raw record and every event — beside the raw JetStream publish rate
 * of the same bytes from one Node process, measured in the same run. Then the accept latency at
 * half the peak rate (open loop). Beside them, the floors of `ingest-floor-server.ts`: bare HTTP
 * servers that do less than any ingest may, under the same load, to show what this machine allows.
 */
export async function ingestBench(): Promise<void> {
  const [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
  const key = randomBytes(32);
  const created = await createTeam(t.db, new SecretBox(key), 'bench', undefined, GENERATED_SECRET_PLATFORMS);
  const secret = created.webhookSecrets.github as string;
  const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
  const example = definitions.find((d) => d.name === 'issues')?.examples.find((e) => (e as { action?: string }).action === 'opened');
  const body = Buffer.from(JSON.stringify(example));
  const signature = await sign(secret, body.toString('utf8'));
  const next = () => ({
    'content-type': 'application/json',
    'x-github-event': 'issues',
    'x-github-delivery': randomUUID(),
    'x-hub-signature-256': signature,
  });

  let service: ChildProcess | undefined;
  try {
    const nats = pidOf('nats-server');
    const baselineCpu = cpuMeter({ bench: process.pid, 'nats-server': nats });
    const baseline = await rawPublishRate(bus, rawSubject(bus.names, 'bench', 'baseline'), body, SECONDS);
    const baselineCores = baselineCpu.stop();

    service = spawnFromSource('services/ingest-github/src/main.ts', {
      nodeArgs: [...cpuProfileArgs('ingest-github'), ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])],
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: '127.0.0.1',
        NATS_URL: bus.url,
        DATABASE_URL: t.url,
        PIPE_NAMESPACE: bus.namespace,
        PIPE_SECRET_KEY: key.toString('base64'),
        LOG_LEVEL: 'warn',
      },
    });
    const url = new URL(`http://127.0.0.1:${PORT}/webhooks/github/bench`);
    await waitReady(PORT);
    await closedLoop(url, body, next, CONNECTIONS, 2); // warm-up: JIT, pools, secret cache
    const stored = async () =>
      (await bus.jsm.streams.info(bus.names.events)).state.messages + (await bus.jsm.streams.info(bus.names.raw)).state.messages;
    const storedBefore = await stored();
    const peakCpu = cpuMeter({ 'ingest-github': service.pid ?? null, 'load generator': process.pid, 'nats-server': nats });
    const peak = await closedLoop(url, body, next, CONNECTIONS, SECONDS);
    const peakCores = peakCpu.stop();
    const messagesPerDelivery = ((await stored()) - storedBefore) / Math.max(1, peak.ok);
    const peakRate = peak.ok / peak.seconds;
    const half = await openLoop(url, body, next, peakRate / 2, SECONDS);

    service.kill('SIGTERM');
    await new Promise((resolve) => service?.once('exit', resolve));
    service = undefined;

    // After the service's runs, so the gigabytes they write into the stream cannot slow those.
    const floors: Partial<Record<FloorMode, FloorResult>> = {};
    for (const mode of FLOOR_MODES) {
      floors[mode] = await measureFloor(mode, {
        port: PORT + 1,
        natsUrl: bus.url,
        subject: rawSubject(bus.names, 'bench', `floor-${mode}`),
        secret,
        body,
        next,
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
    }
    const latency = summarize(half.latencies);
    const peakLatency = summarize(peak.latencies);
    console.log(`ingest: signed GitHub issues.opened (${body.length} bytes), one ingest-github process, node ${process.version}`);
    console.log(`  baseline: raw JetStream publish of the same bytes, one Node process   ${fmt(baseline)} /s`);
    console.log(`  floors, bare node:http servers under the same load (none can be beaten by an ingest service):`);
    const floorLine = (mode: FloorMode, what: string) => {
      const floor = floors[mode];
      if (floor)
        console.log(
          `    ${what.padEnd(62)} ${fmt(floor.rate)} /s   ${(floor.rate / baseline).toFixed(2)} of raw   p99 at half its peak ${floor.halfPeakP99Ms.toFixed(1)} ms`,
        );
    };
    floorLine('answer', 'answer 202 without doing anything');
    floorLine('publish', 'publish the body once to JetStream, answer after the ack');
    floorLine('verify-publish', 'verify the signature, parse the JSON, then publish once');
    console.log(
      `  ingest-github peak (${CONNECTIONS} connections, ${SECONDS} s)                  ${fmt(peakRate)} /s   ${(peakRate / baseline).toFixed(2)} of raw (target ≥ 0.50)${failures(peak)}`,
    );
    console.log(`    latency at peak      p50 ${peakLatency.p50.toFixed(1)} ms   p99 ${peakLatency.p99.toFixed(1)} ms`);
    console.log(
      `  at half the peak (${fmt(peakRate / 2)} /s offered, open loop)   p50 ${latency.p50.toFixed(1)} ms   p99 ${latency.p99.toFixed(1)} ms (target p99 ≤ 20 ms)${failures(half)}`,
    );
    console.log(`  cores used — baseline: ${cores(baselineCores)}; ingest peak: ${cores(peakCores)}`);
    const serviceCores = peakCores['ingest-github'];
    const benchCores = baselineCores.bench;
    if (serviceCores !== undefined && benchCores !== undefined) {
      console.log(
        `  CPU per accepted delivery: ${((serviceCores / peakRate) * 1e6).toFixed(0)} µs in ingest-github; baseline ${((benchCores / baseline) * 1e6).toFixed(0)} µs per raw publish (figures that hold when other load shares the cores)`,
      );
    }
    console.log(
      `  each delivery is ${messagesPerDelivery.toFixed(1)} acknowledged JetStream messages (PIPE_RAW + PIPE_EVENTS): ${fmt(peakRate * messagesPerDelivery)} messages/s at peak, ${((peakRate * messagesPerDelivery) / baseline).toFixed(2)} of the raw message rate`,
    );
  } finally {
    if (service) {
      service.kill('SIGTERM');
      await new Promise((resolve) => service?.once('exit', resolve));
    }
    await Promise.all([bus.cleanup(), t.cleanup()]);
  }
}

async function waitReady(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (
      await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`ingest-github did not become ready on port ${port}`);
    await sleep(100);
  }
}

const cores = (used: Record<string, number>): string =>
  Object.entries(used)
    .map(([name, value]) => `${name} ${value.toFixed(2)}`)
    .join(', ');
const fmt = (rate: number): string => Math.round(rate).toLocaleString('en-US').padStart(7);
const failures = (result: LoadResult): string => {
  const entries = Object.entries(result.failed);
  return entries.length ? `   NOT 2xx: ${entries.map(([status, count]) => `${count}×${status}`).join(', ')}` : '';
};
