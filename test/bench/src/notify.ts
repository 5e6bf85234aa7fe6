import { setTimeout as sleep } from 'node:timers/promises';
import { startReceiver } from '@pipe/notify/testing';
import { type SeededItem, createNotifierHarness, startNotifierProcess } from '@pipe/notifier/testing';
import { cpuProfileArgs } from './cpu-profile.js';
import { directPostFloor, durableFloor, untilTick } from './notify-floors.js';
import { row, summarize } from './stats.js';

const issue = (n: number): SeededItem => ({
  id: `github:issue:bench/api#${n}`,
  title: `Bench issue ${n}`,
  activity: { actor: 'bench', summary: 'opened' },
});

/**
 * Change → destination: the latency from announcing a committed change on `PIPE_CHANGES` (as the
 * projector does) until a local receiver has the signed webhook for it, through a notifier process
 * (intake into Postgres, the dispatcher, the HTTP request), at a steady rate. Two floors, measured
 * in the same run against the same receiver at the same rate: the same signed POST sent directly
 * from this process, and what any durable design pays — JetStream publish → consume, one Postgres
 * commit, the POST (see notify-floors.ts). `BENCH_PROFILE=<dir>` writes the notifier's CPU profile.
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
    // A webhook request lists every change that queued up behind the one before it.
    for (const item of (received.json as { items?: { itemId: string }[] } | null)?.items ?? []) arrivals.set(item.itemId, at);
    return { status: 200, body: 'ok' };
  };
  const interval = 1000 / perSecond;
  try {
    await h.team('bench');
    await h.rule({ team: 'bench', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'bench-secret' });
    for (let n = 1; n <= changes; n++) await h.seed('bench', issue(n));

    const destination = { kind: 'webhook' as const, url: `${receiver.url}/hook`, secret: 'bench-secret', chatId: null };
    const run = { h, arrivals, destination, changes, intervalMs: interval };
    const postFloor = await directPostFloor(run);
    await h.team('floor');
    const floorRule = await h.rule({ team: 'floor', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'bench-secret' });
    const durable = await durableFloor(run, floorRule);
    await h.testDb.db.deleteFrom('notify_rules').where('team', '=', 'floor').execute();

    // The notifier, in a process of its own, with the service's defaults.
    // info: its start is recognised by the 'notifier started' line; nothing is logged per message.
    const notifier = startNotifierProcess(
      h.env({ LOG_LEVEL: 'info', PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS: 'true' }),
      cpuProfileArgs('notifier'),
    );
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
      const postSummary = summarize(postFloor);
      const durableSummary = summarize(durable);
      const notifySummary = summarize(latencies);
      console.log(
        `change → destination, ${changes} changes at ${perSecond}/s (achieved ${achieved.toFixed(0)}/s) to a local webhook receiver (node ${process.version})`,
      );
      console.log(row('floor 1: the same POST, direct', postSummary));
      console.log(row('floor 2: JetStream, commit, POST', durableSummary));
      console.log(row('PIPE_CHANGES → notifier → receiver', notifySummary));
      const goal = (label: string, met: boolean) => `${label}: ${met ? 'met' : 'NOT met'}`;
      console.log(
        [
          goal('p99 ≤ 100 ms', notifySummary.p99 <= 100),
          goal(`p99 ≤ 2× floor 1's (${(2 * postSummary.p99).toFixed(1)} ms)`, notifySummary.p99 <= 2 * postSummary.p99),
          goal(`p99 ≤ 2× floor 2's (${(2 * durableSummary.p99).toFixed(1)} ms)`, notifySummary.p99 <= 2 * durableSummary.p99),
        ].join('; '),
      );
      const received = receiver.requests.flatMap((r) => (r.json as { items?: { itemId: string }[] } | null)?.items ?? []);
      const duplicates = received.length - (changes + 1) - 2 * changes;
      if (duplicates !== 0) console.log(`WARNING: the receiver got ${duplicates} changes more than it should have`);
      const requests = receiver.requests.length - 2 * changes;
      console.log(
        `the notifier sent ${changes + 1} changes in ${requests} requests (a change queued behind one in flight goes in the next)`,
      );
    } finally {
      notifier.child.kill('SIGTERM');
      await notifier.exited;
    }
  } finally {
    await receiver.close();
    await h.cleanup();
  }
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}
