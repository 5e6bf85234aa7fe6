import { setTimeout as sleep } from 'node:timers/promises';
import { changesSubject, ensureConsumer, publishChangeNotice } from '@pipe/bus';
import type { ChangeNotice } from '@pipe/events';
import { type Destination, type Notification, requestFor } from '@pipe/notify';
import type { NotifierHarness } from '@pipe/notifier/testing';
import { sql } from 'kysely';
import { Agent, request } from 'undici';

/** What a floor needs: the harness, the receiver's arrival times by item id, the destination and the pace. */
export interface FloorRun {
  h: NotifierHarness;
  arrivals: Map<string, number>;
  destination: Destination;
  changes: number;
  intervalMs: number;
}

/** The signed webhook for one item, as the notifier would send it. */
function notificationFor(team: string, itemId: string, n: number): Notification {
  return {
    id: `${itemId}-message`,
    team,
    digest: false,
    total: 1,
    items: [
      {
        itemId,
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
}

async function post(agent: Agent, destination: Destination, notification: Notification): Promise<void> {
  const outgoing = requestFor(destination, notification);
  const response = await request(outgoing.url, { method: 'POST', headers: outgoing.headers, body: outgoing.body, dispatcher: agent });
  await response.body.text();
}

/** Floor 1, what no design beats: the same signed POST sent directly from the bench, at the same rate. */
export async function directPostFloor(run: FloorRun): Promise<number[]> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const samples: number[] = [];
  try {
    const start = performance.now();
    for (let n = 1; n <= run.changes; n++) {
      await untilTick(start, n, run.intervalMs);
      const id = `floor:post:${n}`;
      const sent = performance.now();
      await post(agent, run.destination, notificationFor('bench', id, n));
      samples.push((run.arrivals.get(id) ?? Number.NaN) - sent);
    }
  } finally {
    await agent.close();
  }
  return samples;
}

/**
 * Floor 2, what any durable design pays: the change published to `PIPE_CHANGES` and consumed
 * through a durable JetStream consumer, one Postgres commit (the idempotency row, in the
 * notifier's own table), then the POST; the notice is acknowledged after. Each notice is handled
 * as it arrives, concurrently with the others (on the test database's pool), so no change waits
 * for another's commit. Measured from before
 * the publish until the receiver has the request, like the notifier. It runs on a team of its
 * own, whose notices are purged afterwards so the notifier never sees them.
 */
export async function durableFloor(run: FloorRun, ruleId: string): Promise<number[]> {
  const { h } = run;
  const team = 'floor';
  const subject = changesSubject(h.bus.names, team);
  const consumerName = 'bench-durable-floor';
  await ensureConsumer(h.bus.jsm, { stream: h.bus.names.changes, name: consumerName, filterSubject: subject, ackWaitMs: 30_000 });
  const consumer = await h.bus.js.consumers.get(h.bus.names.changes, consumerName);
  const messages = await consumer.consume({ max_messages: 100 });
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const decoder = new TextDecoder();
  // Each notice on its own, as it arrives: a floor must not make one change wait for another's commit.
  const handle = async (data: Uint8Array, ack: () => void): Promise<void> => {
    const notice = JSON.parse(decoder.decode(data)) as ChangeNotice;
    const change = notice.changes[0];
    if (!change) throw new Error('a floor notice without its change');
    await sql`insert into notify_deliveries (rule_id, change_key, team, item_id, facts)
      values (${ruleId}, ${`${notice.eventSeq}:${change.itemId}`}, ${team}, ${change.itemId}, '{}'::jsonb)
      on conflict (rule_id, change_key) do nothing`.execute(h.testDb.db);
    await post(agent, run.destination, notificationFor(team, change.itemId, notice.eventSeq));
    ack();
  };
  const consuming = (async () => {
    const handling: Promise<void>[] = [];
    for await (const msg of messages) {
      handling.push(handle(msg.data, () => msg.ack()));
      if (handling.length === run.changes) break;
    }
    await Promise.all(handling);
  })();
  const sent = new Map<string, number>();
  try {
    const start = performance.now();
    for (let n = 1; n <= run.changes; n++) {
      await untilTick(start, n, run.intervalMs);
      const itemId = `floor:durable:${n}`;
      sent.set(itemId, performance.now());
      await publishChangeNotice(h.bus.js, h.bus.names, {
        team,
        projection: 'read-model',
        eventSeq: n,
        committedAt: new Date().toISOString(),
        changes: [{ itemId, platform: 'github', kind: 'issue', container: null, change: 'upserted' }],
      });
    }
    await consuming;
  } finally {
    await messages.close();
    await agent.close();
    await h.bus.jsm.consumers.delete(h.bus.names.changes, consumerName).catch(() => undefined);
    await h.bus.jsm.streams.purge(h.bus.names.changes, { filter: subject });
  }
  return [...sent].map(([id, at]) => (run.arrivals.get(id) ?? Number.NaN) - at);
}

/** Waits until the n-th tick of a steady rate since `start`. */
export async function untilTick(start: number, n: number, intervalMs: number): Promise<void> {
  const wait = start + (n - 1) * intervalMs - performance.now();
  if (wait > 0) await sleep(wait);
}
