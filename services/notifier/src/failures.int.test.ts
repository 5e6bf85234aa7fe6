import { setTimeout as sleep } from 'node:timers/promises';
import { publishBytes, changesSubject } from '@pipe/bus';
import { listRules, resumeRule } from '@pipe/notify';
import { type Receiver, startReceiver } from '@pipe/notify/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NotifierHarness, type SeededItem, createNotifierHarness } from './testing/index.js';

const issue = (n: number, extra: Partial<SeededItem> = {}): SeededItem => ({
  id: `github:issue:octo/api#${n}`,
  title: `Issue ${n}`,
  ...extra,
});

/** Polls until `check` holds (the notifier works asynchronously; no timing is asserted). */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

describe('the notifier through failures', () => {
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

  const states = async () => (await h.deliveries()).map((d) => d.state);

  it('honours a 429’s Retry-After before trying again, and delivers once', async () => {
    receiver.answer = (_, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' } : { status: 200, body: 'ok' };
    await h.rule({ team: 'acme', kind: 'slack', url: `${receiver.url}/services/T/B/X` });
    await h.seed('acme', issue(1));
    h.run();
    await h.announce('acme', [issue(1)]);
    await until(async () => (await states()).includes('delivered'), 'the change is delivered');
    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(await h.deliveries()).toMatchObject([{ state: 'delivered', attempts: 2 }]);
  });

  it('honours Telegram’s retry_after in a 429 body', async () => {
    receiver.answer = (_, n) =>
      n === 1
        ? {
            status: 429,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              ok: false,
              error_code: 429,
              description: 'Too Many Requests: retry after 1',
              parameters: { retry_after: 1 },
            }),
          }
        : { status: 200, body: JSON.stringify({ ok: true, result: { message_id: 1 } }) };
    await h.rule({ team: 'acme', kind: 'telegram', url: receiver.url, secret: '1:token', chatId: '42' });
    await h.seed('acme', issue(1));
    h.run();
    await h.announce('acme', [issue(1)]);
    await until(async () => (await states()).includes('delivered'), 'the change is delivered');
    const [first, second] = receiver.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('a 5xx storm opens the destination’s breaker, which lets one trial through after its reset and closes again', async () => {
    let storm = true;
    receiver.answer = () => (storm ? { status: 503, body: 'unavailable' } : { status: 200, body: 'ok' });
    await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/hook`, secret: 's' });
    await h.seed('acme', issue(1));
    h.run({ breakerResetMs: 1500, retryBaseMs: 10, maxAttempts: 50 });
    await h.announce('acme', [issue(1)]);
    await until(async () => (await h.deliveries()).some((d) => d.last_error?.includes('circuit breaker is open')), 'the breaker opens');
    const duringStorm = receiver.requests.length;
    // Three failures in a row open it (volume threshold 3, half of them failing).
    expect(duringStorm).toBe(3);
    storm = false;
    await until(async () => (await states()).every((s) => s === 'delivered'), 'the trial request delivers');
    expect(receiver.requests).toHaveLength(duringStorm + 1);
    // The trial came only once the breaker's reset had passed since the last failure.
    const trial = receiver.requests[duringStorm]!;
    const lastFailure = receiver.requests[duringStorm - 1]!;
    expect(trial.at - lastFailure.at).toBeGreaterThanOrEqual(1400);
    // Closed again: later changes flow at once.
    for (const n of [2, 3]) await h.seed('acme', issue(n));
    await h.announce('acme', [issue(2), issue(3)]);
    await until(async () => (await states()).filter((s) => s === 'delivered').length === 3, 'later changes are delivered');
    expect(receiver.requests).toHaveLength(duringStorm + 3);
  });

  it('gives up after the bounded attempts and keeps a dead letter with the reason, shown by the rule listing', async () => {
    receiver.answer = () => ({ status: 500, body: 'boom' });
    const rule = await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/hook`, secret: 's' });
    await h.seed('acme', issue(1));
    h.run({ maxAttempts: 3, retryBaseMs: 10, breakerResetMs: 100 });
    await h.announce('acme', [issue(1)]);
    await until(async () => (await states()).includes('dead'), 'the delivery is dead-lettered');
    expect(receiver.requests).toHaveLength(3);
    const [listed] = await listRules(h.testDb.db, 'acme');
    expect(listed).toMatchObject({ id: rule, deadLetterCount: 1, delivered: 0, pending: 0 });
    expect(listed?.deadLetters[0]?.reason).toBe('gave up after 3 attempts: the destination failed (500 boom)');
  });

  it('pauses a rule whose destination answers 404 (a deleted webhook), with the reason', async () => {
    receiver.answer = () => ({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"message": "Unknown Webhook", "code": 10015}',
    });
    const rule = await h.rule({ team: 'acme', kind: 'discord', url: `${receiver.url}/api/webhooks/1/gone` });
    await h.seed('acme', issue(1));
    h.run();
    await h.announce('acme', [issue(1)]);
    await until(async () => (await listRules(h.testDb.db, 'acme'))[0]?.paused !== null, 'the rule is paused');
    const [listed] = await listRules(h.testDb.db, 'acme');
    expect(listed?.id).toBe(rule);
    expect(listed?.paused?.reason).toContain('404');
    expect(listed?.paused?.reason).toContain('Unknown Webhook');
    // A paused rule matches nothing more.
    await h.seed('acme', issue(2));
    await h.announce('acme', [issue(2)]);
    await h.seed('acme', issue(3));
    await h.announce('acme', [issue(3)]);
    await until(
      async () => (await h.bus.jsm.consumers.info(h.bus.names.changes, 'notifier')).num_ack_pending === 0,
      'the notices are handled',
    );
    expect(await h.deliveries()).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    // The webhook is back and the rule resumed: new changes flow again, those of the pause do not.
    receiver.answer = () => ({ status: 204, body: '' });
    expect(await resumeRule(h.testDb.db, 'acme', rule)).toMatchObject({ kind: 'resumed', pending: 0 });
    await h.seed('acme', issue(4));
    await h.announce('acme', [issue(4)]);
    await receiver.waitFor(2);
    expect((receiver.requests[1]?.json as { embeds: { title: string }[] }).embeds[0]?.title).toContain('Issue 4');
    await until(async () => (await states()).includes('delivered'), 'the change after the resume is delivered');
    expect(await states()).toEqual(['dead', 'delivered']);
  });

  it('turns a burst above Slack’s limit into one digest, and loses none of its changes', async () => {
    await h.rule({ team: 'acme', kind: 'slack', url: `${receiver.url}/services/T/B/X` });
    for (let n = 1; n <= 12; n++) await h.seed('acme', issue(n));
    h.run();
    await h.announce('acme', [issue(1)]);
    await receiver.waitFor(1);
    for (let n = 2; n <= 12; n++) await h.announce('acme', [issue(n)]);
    await until(async () => (await states()).filter((s) => s === 'delivered').length === 12, 'every change is delivered');
    expect(receiver.requests).toHaveLength(2);
    const digest = receiver.requests[1]?.json as { text: string; blocks: { type: string; elements?: { text: string }[] }[] };
    expect(digest.text).toBe('11 changes in acme');
    expect(digest.blocks.filter((b) => b.type === 'section')).toHaveLength(10);
    expect(digest.blocks.at(-1)?.elements?.[0]?.text).toBe('…and 1 more items');
  });

  it('merges later changes of one item within the window into one message', async () => {
    await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/hook`, secret: 's' });
    h.run({ mergeWindowMs: 1500 });
    await h.seed('acme', issue(1, { activity: { actor: 'alice', summary: 'opened' } }));
    await h.announce('acme', [issue(1)]);
    await receiver.waitFor(1);
    await h.seed('acme', issue(1, { activity: { actor: 'bob', summary: 'labelled bug' } }));
    await h.announce('acme', [issue(1)]);
    await h.seed('acme', issue(1, { activity: { actor: 'carol', summary: 'assigned to carol' } }));
    await h.announce('acme', [issue(1)]);
    await until(async () => (await states()).filter((s) => s === 'delivered').length === 3, 'every change is delivered');
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]?.json).toMatchObject({
      digest: false,
      total: 2,
      items: [{ count: 2, who: ['bob', 'carol'], changes: ['labelled bug', 'assigned to carol'] }],
    });
  });

  it('never gives a rule of one team another team’s changes, even a notice that claims the team on another team’s subject', async () => {
    await h.team('globex');
    const other = await startReceiver();
    try {
      await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/acme`, secret: 's' });
      await h.rule({ team: 'globex', kind: 'webhook', url: `${other.url}/globex`, secret: 's' });
      await h.seed('acme', issue(1));
      await h.seed('globex', issue(2, { title: 'globex secret plans' }));
      h.run();
      await h.announce('globex', [issue(2)]);
      await h.announce('acme', [issue(1)]);
      // A forged notice: team acme on globex's subject.
      const forged = { team: 'acme', projection: 'read-model', eventSeq: 99, committedAt: new Date().toISOString(), changes: [] };
      forged.changes = [{ itemId: issue(1).id, platform: 'github', kind: 'issue', container: null, change: 'upserted' }] as never;
      await publishBytes(h.bus.js, changesSubject(h.bus.names, 'globex'), new TextEncoder().encode(JSON.stringify(forged)), {
        msgId: 'forged-1',
      });
      await until(async () => (await states()).filter((s) => s === 'delivered').length === 2, 'both teams’ changes are delivered');
      await until(
        async () => (await h.bus.jsm.consumers.info(h.bus.names.changes, 'notifier')).num_ack_pending === 0,
        'every notice is handled',
      );
      expect(receiver.requests.map((r) => (r.json as { items: { itemId: string }[] }).items.map((i) => i.itemId))).toEqual([[issue(1).id]]);
      expect(other.requests.map((r) => (r.json as { team: string }).team)).toEqual(['globex']);
      expect(receiver.requests.some((r) => r.body.includes('globex'))).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('refuses a destination on a private address unless private targets are allowed', async () => {
    await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/hook`, secret: 's' });
    await h.seed('acme', issue(1));
    h.run({ allowPrivateTargets: false });
    await h.announce('acme', [issue(1)]);
    await until(async () => (await states()).includes('dead'), 'the delivery is refused');
    expect(receiver.requests).toHaveLength(0);
    expect((await h.deliveries())[0]?.last_error).toContain('private, loopback or link-local');
  });
});
