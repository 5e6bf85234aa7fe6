import { setTimeout as sleep } from 'node:timers/promises';
import { type Receiver, startReceiver } from '@pipe/notify/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERRUPTED } from './delivery-store.js';
import {
  type NotifierHarness,
  type NotifierProcess,
  type SeededItem,
  createNotifierHarness,
  startNotifierProcess,
} from './testing/index.js';

const issue = (n: number): SeededItem => ({ id: `github:issue:octo/api#${n}`, title: `Issue ${n}` });

describe('a notifier process killed with SIGKILL in the middle of a burst', () => {
  let h: NotifierHarness;
  let receiver: Receiver;
  const processes: NotifierProcess[] = [];
  beforeEach(async () => {
    [h, receiver] = await Promise.all([createNotifierHarness(), startReceiver()]);
    await h.team('acme');
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
    await h.cleanup();
    await receiver.close();
  });

  it('loses nothing and doubles nothing after a restart', async () => {
    const total = 60;
    for (let n = 1; n <= total; n++) await h.seed('acme', issue(n));
    await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/hook`, secret: 's' });
    // The second request — the changes that queued up behind the first — is held open: the
    // process dies while it is in flight, and more changes wait behind it.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    receiver.answer = (_, n) => (n === 2 ? { status: 200, hold: held } : { status: 200, body: 'ok' });

    const env = h.env({ NOTIFIER_ACK_WAIT_MS: '2000', NOTIFIER_MERGE_WINDOW_MS: '0' });
    const first = startNotifierProcess(env);
    processes.push(first);
    await first.started;
    for (let n = 1; n <= 40; n++) await h.announce('acme', [issue(n)]);
    await receiver.waitFor(2);
    first.child.kill('SIGKILL');
    const ended = await first.exited;
    expect(ended.signal === 'SIGKILL' || ended.code === 137).toBe(true);
    release();
    // Changes announced while no notifier runs wait in PIPE_CHANGES.
    for (let n = 41; n <= total; n++) await h.announce('acme', [issue(n)]);

    const second = startNotifierProcess(env);
    processes.push(second);
    await second.started;
    for (let i = 0; ; i++) {
      const rows = await h.deliveries();
      if (rows.length === total && rows.every((r) => r.state === 'delivered' || r.state === 'dead')) break;
      if (i > 1500) throw new Error(`not settled: ${JSON.stringify(rows.filter((r) => r.state !== 'delivered'))}\n${second.output()}`);
      await sleep(20);
    }

    const received = receiver.requests.flatMap((r) => (r.json as { items: { itemId: string }[] }).items.map((i) => i.itemId));
    const counts = new Map<string, number>();
    for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
    // Every change arrived, and none twice.
    expect([...counts.keys()].sort()).toEqual(Array.from({ length: total }, (_, i) => issue(i + 1).id).sort());
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    // The request in flight at the kill is not sent again; its changes' records say why.
    const inFlight = (receiver.requests[1]?.json as { items: { itemId: string }[] }).items.map((i) => i.itemId);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.length).toBeLessThan(total - 1);
    const rows = await h.deliveries();
    const interrupted = rows.filter((r) => r.state === 'dead');
    expect(interrupted.map((r) => r.change_key.slice(r.change_key.indexOf(':') + 1)).sort()).toEqual([...inFlight].sort());
    for (const row of interrupted) expect(row.last_error).toBe(INTERRUPTED);
  }, 120_000); // two notifier processes start from source, which takes a while on a loaded machine
});
