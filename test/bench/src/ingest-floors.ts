import { fileURLToPath } from 'node:url';
import { spawnFromSource } from '@pipe/test-infra';
import { type RequestFactory, closedLoop, openLoop } from './http-load.js';
import { summarize } from './stats.js';

const FLOOR_SERVER = fileURLToPath(new URL('./ingest-floor-server.ts', import.meta.url));

/** The floors `ingest-floor-server.ts` serves, from the least work to the most. */
export const FLOOR_MODES = ['answer', 'publish', 'verify-publish'] as const;
export type FloorMode = (typeof FLOOR_MODES)[number];

/** What one floor server measured: its peak rate and its accept latency at half that rate. */
export interface FloorResult {
  rate: number;
  halfPeakP99Ms: number;
}

/**
 * One floor server (a process of its own, like the service) measured as the service is: peak
 * rate under the same closed loop (`connections` clients for `seconds`, after a 2 s warm-up),
 * then the p99 accept latency at half that rate, open loop.
 */
export async function measureFloor(
  mode: FloorMode,
  options: {
    port: number;
    natsUrl: string;
    subject: string;
    secret: string;
    body: Buffer;
    next: RequestFactory;
    connections: number;
    seconds: number;
  },
): Promise<FloorResult> {
  const child = spawnFromSource(FLOOR_SERVER, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      PORT: String(options.port),
      NATS_URL: options.natsUrl,
      FLOOR_MODE: mode,
      FLOOR_SUBJECT: options.subject,
      FLOOR_SECRET: options.secret,
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the ${mode} floor server exited with ${code} before listening`)));
    });
    const url = new URL(`http://127.0.0.1:${options.port}/webhooks/github/bench`);
    await closedLoop(url, options.body, options.next, options.connections, 2);
    const result = await closedLoop(url, options.body, options.next, options.connections, options.seconds);
    const failed = Object.entries(result.failed);
    if (failed.length) throw new Error(`the ${mode} floor answered ${failed.map(([status, n]) => `${n}×${status}`).join(', ')}`);
    const rate = result.ok / result.seconds;
    const half = await openLoop(url, options.body, options.next, rate / 2, options.seconds);
    return { rate, halfPeakP99Ms: summarize(half.latencies).p99 };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}
