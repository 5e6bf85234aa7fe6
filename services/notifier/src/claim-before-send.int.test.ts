import { setTimeout as sleep } from 'node:timers/promises';
import { type Receiver, startReceiver } from '@pipe/notify/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NotifierHarness, type SeededItem, createNotifierHarness } from './testing/index.js';

const issue = (n: number): SeededItem => ({ id: `github:issue:octo/api#${n}`, title: `Issue ${n}` });

describe('at most once per (rule, change)', () => {
  let h: NotifierHarness;
  let receiver: Receiver;
  beforeEach(async () => {
    [h, receiver] = await Promise.all([createNotifierHarness(), startReceiver()]);
    await h.team('acme');
  });
  afterEach(async () => {
    await h.cleanup();
    await receiver.close();
  });

  it('lets a request leave only once its changes are committed as sending under its message id', async () => {
    // What Postgres said, while each request was being received, of the rows its message carries.
    const seen: { delivery: string; states: string[] }[] = [];
    receiver.answer = (request) => {
      const delivery = String(request.headers['pipe-delivery']);
      const hold = h.testDb.db
        .selectFrom('notify_deliveries')
        .select('state')
        .where('message_id', '=', delivery)
        .execute()
        .then((rows) => {
          seen.push({ delivery, states: rows.map((r) => r.state) });
        });
      return { status: 200, body: 'ok', hold };
    };
    await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/hook`, secret: 's' });
    const total = 30;
    for (let n = 1; n <= total; n++) await h.seed('acme', issue(n));
    h.run();
    // One at a time (sent as soon as recorded) and in bursts (queued behind the request in flight).
    for (let n = 1; n <= 10; n++) {
      await h.announce('acme', [issue(n)]);
      await receiver.waitFor(n);
    }
    for (let n = 11; n <= total; n++) await h.announce('acme', [issue(n)]);
    const settled = async () => {
      const rows = await h.deliveries();
      return rows.length === total && rows.every((d) => d.state === 'delivered');
    };
    for (let i = 0; !(await settled()); i++) {
      if (i > 500) throw new Error('not every delivery was settled');
      await sleep(20);
    }
    const items = receiver.requests.flatMap((r) => (r.json as { items: { itemId: string }[] }).items.map((item) => item.itemId));
    expect(items.sort()).toEqual(Array.from({ length: total }, (_, i) => issue(i + 1).id).sort());
    expect(seen).toHaveLength(receiver.requests.length);
    for (const request of seen) {
      expect(request.states.length, request.delivery).toBeGreaterThan(0);
      expect(new Set(request.states), request.delivery).toEqual(new Set(['sending']));
    }
    expect((await h.deliveries()).map((d) => d.attempts)).toEqual(Array.from({ length: total }, () => 1));
  });
});
