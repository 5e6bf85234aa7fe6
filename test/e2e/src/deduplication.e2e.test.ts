import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { githubExample, linearFixture, slackExample } from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HistoryDelivery, NOTION_API_TOKEN_VALUE } from './history/deliveries/index.js';
import { type HistoryStack, startHistoryStack } from './history/history-stack.js';
import { signedRequest } from './history/send.js';

type Json = any;

/**
 * Deduplication is per team (issue 15, defect 1), down to the rows: the same deliveries sent to two
 * teams are projected for both, a redelivery changes nothing, and a changed body under the same
 * delivery id is a new version the rows show — the raw records and the log hold both
 * (`packages/ingest-kit/src/deduplication.int.test.ts`).
 */
describe('the same deliveries to two teams, through the ingest services and the projector', () => {
  let stack: HistoryStack;
  const [acme, globex] = ['dedup-acme', 'dedup-globex'];

  beforeAll(async () => {
    stack = await startHistoryStack([acme, globex]);
  });
  afterAll(async () => stack?.stop());

  const send = async (slug: string, delivery: HistoryDelivery) => {
    const team = stack.teams.find((each) => each.slug === slug);
    if (!team) throw new Error(`no team ${slug}`);
    const response = await fetch(team.urls[delivery.platform], await signedRequest(team, delivery, Date.now(), NOTION_API_TOKEN_VALUE));
    const body = await response.text();
    expect(response.status, body).toBeLessThan(300);
    return body === '' ? {} : (JSON.parse(body) as { duplicate?: boolean });
  };

  /** Waits until the projector's checkpoints reach the last event of the log. */
  const projected = async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const checkpoints = await stack.db.selectFrom('checkpoints').select('last_seq').execute();
      if (Math.max(0, ...checkpoints.map((each) => Number(each.last_seq))) >= (await stack.lastEventSeq())) return;
      if (Date.now() > deadline) throw new Error('the projector did not catch up within 20 s');
      await sleep(100);
    }
  };
  const item = (team: string, id: string) =>
    stack.db.selectFrom('items').select(['title', 'body']).where('team', '=', team).where('id', '=', id).executeTakeFirst();
  const eventsProjected = async (team: string, platform: string) =>
    Number(
      (
        await stack.db
          .selectFrom('source_stats')
          .select('events')
          .where('team', '=', team)
          .where('platform', '=', platform)
          .executeTakeFirst()
      )?.events ?? 0,
    );

  it('projects both teams whole, a redelivery once, and a changed body as the newer version of its items', async () => {
    const issue: Json = githubExample('issues', 'opened');
    const opened: HistoryDelivery = {
      platform: 'github',
      at: '',
      note: 'issue opened',
      deliveryId: randomUUID(),
      event: 'issues',
      payload: issue,
    };
    const message: HistoryDelivery = {
      platform: 'slack',
      at: '',
      note: 'message',
      deliveryId: '',
      payload: { ...slackExample('message'), event_id: `Ev${Date.now()}` },
    };
    const linearIssue: HistoryDelivery = {
      platform: 'linear',
      at: '',
      note: 'linear issue',
      deliveryId: randomUUID(),
      event: 'Issue',
      payload: linearFixture('issue-create'),
    };
    for (const delivery of [opened, message, linearIssue]) {
      expect(await send(acme, delivery)).not.toMatchObject({ duplicate: true });
      expect(await send(globex, delivery)).not.toMatchObject({ duplicate: true });
    }
    await projected();
    const counts = {
      github: await eventsProjected(acme, 'github'),
      slack: await eventsProjected(acme, 'slack'),
      linear: await eventsProjected(acme, 'linear'),
    };
    for (const platform of ['github', 'slack', 'linear'] as const) {
      expect(counts[platform], platform).toBeGreaterThan(0);
      expect(await eventsProjected(globex, platform), platform).toBe(counts[platform]);
    }
    const issueId = `github:issue:${issue.repository.full_name}#${issue.issue.number}`;
    expect(await item(acme, issueId)).toMatchObject({ title: issue.issue.title });
    expect(await item(globex, issueId)).toMatchObject({ title: issue.issue.title });

    // Redelivered (Linear signs its retry with a new webhookTimestamp): nothing more for either team.
    for (const delivery of [opened, message, linearIssue]) {
      expect(await send(acme, delivery)).toMatchObject({ duplicate: true });
      expect(await send(globex, delivery)).toMatchObject({ duplicate: true });
    }
    await projected();
    for (const platform of ['github', 'slack', 'linear'] as const) {
      expect(await eventsProjected(acme, platform), platform).toBe(counts[platform]);
      expect(await eventsProjected(globex, platform), platform).toBe(counts[platform]);
    }

    // The same delivery id with a changed body, to acme only: a new version, which its rows show.
    const rewritten = { ...issue, issue: { ...issue.issue, title: 'Rewritten under the same delivery id' } };
    expect(await send(acme, { ...opened, payload: rewritten })).toMatchObject({ duplicate: false });
    await projected();
    expect(await eventsProjected(acme, 'github')).toBe(2 * counts.github);
    expect(await item(acme, issueId)).toMatchObject({ title: 'Rewritten under the same delivery id' });
    expect(await eventsProjected(globex, 'github')).toBe(counts.github);
    expect(await item(globex, issueId)).toMatchObject({ title: issue.issue.title });
  });
});
