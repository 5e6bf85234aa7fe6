import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_RESOURCE_HEADER, type SyncedRecord } from '../../kit/platform-api.js';
import { type FakeSlackApi, type FakeSlackMessage, generateSlackChannel, startFakeSlackApi } from '../testing/fake-slack-api.js';
import { slackIngest } from '../webhook.js';
import { slackBackfill } from './slack-backfill.js';

let api: FakeSlackApi | undefined;
afterEach(async () => api?.close());

async function readAll(scope: string, token = 'xoxb-fixture'): Promise<SyncedRecord[]> {
  const records: SyncedRecord[] = [];
  const credential = { token, apiUrl: api?.url ?? null };
  for await (const page of slackBackfill.pages({
    credential,
    scope,
    since: new Date(Date.now() - 90 * 86_400_000),
    cursor: null,
    signal: new AbortController().signal,
  }))
    records.push(...page.records);
  return records;
}

describe('Slack backfill through the Web API (@slack/web-api)', () => {
  it('reads every page of a channel and every thread once, waiting out a 429, and records normalise like message events', async () => {
    api = await startFakeSlackApi({ channels: { C0GENERAL: generateSlackChannel(450, { threadEvery: 10, replies: 3 }) } });
    api.rateLimit('conversations.history', 1);
    const records = await readAll('C0GENERAL');
    expect(records).toHaveLength(450 + 45 * 3);
    expect(new Set(records.map((record) => record.itemId)).size).toBe(records.length);
    const reply = records.find((record) => (record.body.record as { text: string }).text === 'Reply 1 to 10') as SyncedRecord;
    const result = slackIngest.normalize({
      team: 'acme',
      platform: 'slack',
      deliveryId: 'sync:test',
      receivedAt: new Date().toISOString(),
      headers: { [SYNC_RESOURCE_HEADER]: 'message' },
      rawBody: Buffer.from(JSON.stringify(reply.body)),
      payload: JSON.parse(JSON.stringify(reply.body)),
    });
    const item = result.outcome === 'events' ? result.events.find((event) => event.type === 'item.observed') : undefined;
    expect(item?.type === 'item.observed' && item.data.item).toMatchObject({
      id: reply.itemId,
      kind: 'message',
      container: 'T0ACME/C0GENERAL',
      parentId: expect.stringMatching(/^slack:message:T0ACME\/C0GENERAL\//),
    });
    expect(await slackBackfill.scopes({ token: 'xoxb-fixture', apiUrl: api.url }, new AbortController().signal)).toEqual(['C0GENERAL']);
  });

  it('lists neither channel notices nor a tombstone (a deleted thread root), so a full pass removes the root', async () => {
    const messages = generateSlackChannel(12, { threadEvery: 10, replies: 2 });
    const root = messages.find((message) => message.text.startsWith('Message 10:')) as FakeSlackMessage;
    Object.assign(root, { subtype: 'tombstone', text: 'This message was deleted.', user: 'USLACKBOT' });
    const joined = `${Math.floor(Date.now() / 1000) - 3600}.000900`;
    messages.push({ type: 'message', subtype: 'channel_join', user: 'U0NEW', text: '<@U0NEW> has joined the channel', ts: joined });
    api = await startFakeSlackApi({ channels: { C0GENERAL: messages } });
    const listed = new Set((await readAll('C0GENERAL')).map((record) => (record.body.record as { ts: string }).ts));
    // 12 messages, two threads of 2 replies, less the tombstone (and the notice).
    expect(listed.size).toBe(12 + 4 - 1);
    expect(listed.has(root.ts)).toBe(false);
    expect(listed.has(joined)).toBe(false);
    // The replies of the deleted root are still there, and listed.
    expect(messages.filter((message) => message.thread_ts === root.ts && message !== root).every((reply) => listed.has(reply.ts))).toBe(
      true,
    );
    expect(slackBackfill.listing).toMatchObject({ kinds: ['message'], window: 'posted' });
    expect(slackBackfill.listing?.containers('C0GENERAL')).toEqual({ endsWith: '/C0GENERAL' });
  });

  it('says a revoked token is refused and a channel the bot is not in is not found', async () => {
    api = await startFakeSlackApi({ channels: { C0GENERAL: generateSlackChannel(3) } });
    await expect(readAll('C0GENERAL', 'xoxb-revoked')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    await expect(readAll('C0NOWHERE')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(slackBackfill.scopeProblem('general')).toMatch(/not a Slack channel id/);
  });
});
