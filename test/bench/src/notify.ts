import { setTimeout as sleep } from 'node:timers/promises';
import { type Notification, requestFor } from '@pipe/notify';
import { startReceiver } from '@pipe/notify/testing';
import { type SeededItem, createNotifierHarness, startNotifierProcess } from '@pipe/notifier/testing';
import { Agent, request } from 'undici';
import { row, summarize } from './stats.js';

const issue = (n: number): SeededItem => ({
  id: `github:issue:bench/api#${n}`,
  title: `Bench issue ${n}`,
  activity: { actor: 'bench', summary: 'opened' },
});

/**
 * Change → destination: the latency from announcing a committed change on `PIPE_CHANGES` (as the
 * projector does) until a local receiver has the signed webhook for it, through a notifier process
 * (intake into Postgres, the dispatcher, the HTTP request), at a steady rate. The floor, measured
 * in the same run against the same receiver: the same signed POST sent directly from this process
 * at the same rate.
 */
export async function notifyBench(
  changes = Number(process.env.BENCH_CHANGES ?? 2000),
  perSecond = Number(process.env.BENCH_RATE ?? 100),
): Promise<void> {
  const h = await createNotifierHarness();
  const receiver = await startReceiver();
  const arrivals = new Map<string, number>();
  receiver.answer = (received) => {
    const at = performance.now();
    const id = (received.json as { items?: { itemId: string }[]; floor?: string } | null)?.items?.[0]?.itemId;
    if (id) arrivals.set(id, at);
    return { status: 200, body: 'ok' };
  };
  const interval = 1000 / perSecond;
  try {
    await h.team('bench');
    await h.rule({ team: 'bench', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'bench-secret' });
    for (let n = 1; n <= changes; n++) await h.seed('bench', issue(n));

    // Floor: the same signed POST, straight from here, at the same rate.
    const agent = new Agent({ keepAliveTimeout: 30_000 });
    const floor: number[] = [];
    const destination = { kind: 'webhook' as const, url: `${receiver.url}/hook`, secret: 'bench-secret', chatId: null };
    const floorStart = performance.now();
    for (let n = 1; n <= changes; n++) {
      await untilTick(floorStart, n, interval);
      const id = `floor:${n}`;
      const notification: Notification = {
        id: `floor-${n}`,
        team: 'bench',
        digest: false,
        total: 1,
        items: [
          {
            itemId: id,
            title: `Bench issue ${n}`,
            platform: 'github',
            kind: 'issue',
            url: null,
            state: null,
            container: null,
            who: ['bench'],
            changes: ['opened'],
            count: 1,
            at: new Date().toISOString(),
          },
        ],
      };
      const outgoing = requestFor(destination, notification);
      const start = performance.now();
      const response = await request(outgoing.url, { method: 'POST', headers: outgoing.headers, body: outgoing.body, dispatcher: agent });
      await response.body.text();
      floor.push((arrivals.get(id) ?? Number.NaN) - start);
    }
    await agent.close();

    // The notifier, in a process of its own, with the service's defaults.
    // info: its start is recognised by the 'notifier started' line; nothing is logged per message.
    const notifier = startNotifierProcess(h.env({ LOG_LEVEL: 'info', PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS: 'true' }));
    try {
      await notifier.started;
      // A warm-up change, so the first sample does not pay for connections and prepared plans.
      await h.seed('bench', issue(0));
      await h.announce('bench', [issue(0)]);
      await waitFor(() => arrivals.has(issue(0).id), 'the warm-up change');
      const sent = new Map<string, number>();
      const start = performance.now();
      for (let n = 1; n <= changes; n++) {
        await untilTick(start, n, interval);
        sent.set(issue(n).id, performance.now());
        await h.announce('bench', [issue(n)]);
        if (process.stdout.isTTY && n % 100 === 0) process.stdout.write(`\r${n}/${changes}`);
      }
      await waitFor(() => [...sent.keys()].every((id) => arrivals.has(id)), 'every change to arrive', 60_000);
      if (process.stdout.isTTY) process.stdout.write('\r');
      const latencies = [...sent].map(([id, at]) => (arrivals.get(id) ?? Number.NaN) - at);
      const achieved = changes / ((Math.max(...sent.values()) - start) / 1000);
      const floorSummary = summarize(floor);
      const notifySummary = summarize(latencies);
      console.log(
        `change → destination, ${changes} changes at ${perSecond}/s (achieved ${achieved.toFixed(0)}/s) to a local webhook receiver (node ${process.version})`,
      );
      console.log(row('floor: the same POST sent directly', floorSummary));
      console.log(row('PIPE_CHANGES → notifier → receiver', notifySummary));
      console.log(
        `goal p99 ≤ 100 ms: ${notifySummary.p99 <= 100 ? 'met' : 'NOT met'}; p99 ≤ 2× the floor's (${(2 * floorSummary.p99).toFixed(1)} ms): ${notifySummary.p99 <= 2 * floorSummary.p99 ? 'met' : 'NOT met'}`,
      );
      const duplicates = receiver.requests.length - (changes + 1) - changes;
      if (duplicates !== 0) console.log(`WARNING: the receiver got ${duplicates} requests more than it should have`);
    } finally {
      notifier.child.kill('SIGTERM');
      await notifier.exited;
    }
  } finally {
    await receiver.close();
    await h.cleanup();
  }
}

/** Waits until the n-th tick of a steady rate since `start`. */
async function untilTick(start: number, n: number, intervalMs: number): Promise<void> {
  const wait = start + (n - 1) * intervalMs - performance.now();
  if (wait > 0) await sleep(wait);
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}
