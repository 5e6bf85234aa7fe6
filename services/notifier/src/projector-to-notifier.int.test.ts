import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { activityObserved, githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { type Receiver, startReceiver } from '@pipe/notify/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NotifierHarness, createNotifierHarness } from './testing/index.js';

describe('the projector’s change notices, through the notifier', () => {
  let h: NotifierHarness;
  let everything: Receiver;
  let closing: Receiver;
  beforeEach(async () => {
    [h, everything, closing] = await Promise.all([createNotifierHarness(), startReceiver(), startReceiver()]);
    await h.team('acme');
  });
  afterEach(async () => {
    await h.cleanup();
    await Promise.all([everything.close(), closing.close()]);
  });

  it('reach every rule whose filter the projected item meets, with the projected title, link and who', async () => {
    await h.rule({ team: 'acme', kind: 'webhook', url: `${everything.url}/all`, secret: 's' });
    await h.rule({
      team: 'acme',
      kind: 'webhook',
      url: `${closing.url}/closing`,
      secret: 's',
      when: 'kind:pull_request edge:CLOSES:github',
    });
    const issue = githubIssueSnapshot('octo/api', 2, { title: 'Login fails' });
    const pr = githubIssueSnapshot('octo/api', 3, {
      id: 'github:pull_request:octo/api#3',
      kind: 'pull_request',
      title: 'Fix the login',
      body: 'Fixes #2',
      url: 'https://github.com/octo/api/pull/3',
    });
    for (const event of [itemObserved(issue), itemObserved(pr), activityObserved(pr.id, 'opened', 'a-pr-3')]) {
      await publishEvent(h.bus.js, h.bus.names, event, { msgId: event.id });
    }
    h.run();
    await projectUntilCaughtUp({ db: h.testDb.db, bus: h.bus, names: h.bus.names, logger: pino({ level: 'silent' }) });
    for (let i = 0; closing.requests.length < 1 || everything.requests.length < 2; i++) {
      if (i > 1000) throw new Error(`not delivered: ${everything.requests.length} and ${closing.requests.length}`);
      await sleep(20);
    }
    const itemsOf = (receiver: Receiver) =>
      receiver.requests.flatMap((r) => (r.json as { items: { itemId: string; title: string; url: string; who: string[] }[] }).items);
    expect(itemsOf(closing)).toEqual([expect.objectContaining({ itemId: pr.id, title: 'Fix the login', url: pr.url })]);
    expect(
      itemsOf(everything)
        .map((i) => i.itemId)
        .sort(),
    ).toEqual([issue.id, pr.id].sort());
    expect(itemsOf(everything).find((i) => i.itemId === issue.id)?.who).toEqual(['octocat']);
  });
});
