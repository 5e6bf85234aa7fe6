import { startTestSync } from './testing/index.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishSyncJob } from '@pipe/bus';
import { createTestBus } from '@pipe/bus/testing';
import { SecretBox, type SyncJob, createSyncJob, createTeam, getSyncJob, saveSyncConnection } from '@pipe/db';
import { createTestDb } from '@pipe/db/testing';
import {
  type FakeJiraApi,
  type FakeSlackApi,
  type FakeSlackMessage,
  generateJiraProject,
  generateSlackChannel,
  startFakeJiraApi,
  startFakeSlackApi,
} from '@pipe/platforms/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const CHANNEL = 'C0GENERAL';
const slackTs = (at: number, n: number) => `${Math.floor(at / 1000)}.${String(n).padStart(6, '0')}`;
const messageId = (ts: string) => `slack:message:T0ACME/${CHANNEL}/${ts}`;

/** A sync service on a fresh database and stream prefix, with one team's connection to a stand-in API. */
async function startHarness(platform: 'slack' | 'jira', connect: () => Promise<{ token: string; apiUrl: string }>) {
  const [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const { token, apiUrl } = await connect();
  await createTeam(t.db, box, 'acme');
  await saveSyncConnection(t.db, box, { team: 'acme', platform, token, apiUrl, account: 'pipe' });
  const service = await startTestSync({
    DATABASE_URL: t.url,
    NATS_URL: bus.url,
    PIPE_NAMESPACE: bus.namespace,
    PIPE_SECRET_KEY: key.toString('base64'),
    SYNC_RETRY_BASE_MS: '1',
  });
  return {
    t,
    /** Runs one job of the scope to its end, then projects what it stored. */
    async sync(scope: string, mode: 'full' | 'incremental', since: Date): Promise<SyncJob> {
      const { job } = await createSyncJob(t.db, { team: 'acme', platform, scope, mode, since });
      await publishSyncJob(bus.js, bus.names, job);
      for (;;) {
        const current = await getSyncJob(t.db, job.id);
        if (current && (current.state === 'done' || current.state === 'failed')) {
          await projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger, retryDelayMs: () => 5 });
          return current;
        }
        await sleep(50);
      }
    },
    /** The team's removed items. */
    async removed(): Promise<string[]> {
      const rows = await t.db
        .selectFrom('items')
        .select('id')
        .where('team', '=', 'acme')
        .where('removed_at', 'is not', null)
        .orderBy('id')
        .execute();
      return rows.map((row) => row.id);
    },
    /** What a lexical search for `words` finds among the team's live items. */
    async found(words: string): Promise<string[]> {
      const rows = await t.db
        .selectFrom('items')
        .select('id')
        .where('team', '=', 'acme')
        .where('removed_at', 'is', null)
        .where(sql<boolean>`search @@ plainto_tsquery('english', ${words})`)
        .execute();
      return rows.map((row) => row.id);
    },
    async stop() {
      await service.stop();
      await bus.jsm.streams.delete(bus.names.events.replace(/PIPE_EVENTS$/, 'PIPE_SYNC')).catch(() => undefined);
      await Promise.all([bus.cleanup(), t.cleanup()]);
    },
  };
}
type Harness = Awaited<ReturnType<typeof startHarness>>;

describe('services/sync: a full pass removes what Slack no longer lists, and only that', () => {
  let api: FakeSlackApi;
  let harness: Harness;
  const now = Date.now();
  // Posted 40 days ago, before the 30-day window of the later passes, edited yesterday.
  const oldEdited: FakeSlackMessage = {
    type: 'message',
    user: 'U01',
    text: 'Runbook for the ledger drift, edited lately',
    ts: slackTs(now - 40 * DAY, 1),
    edited: { user: 'U01', ts: slackTs(now - DAY, 2) },
  };
  // A thread started 40 days ago with a reply five days ago: history since 30 days shows neither.
  const oldRoot: FakeSlackMessage = { type: 'message', user: 'U02', text: 'Old thread', ts: slackTs(now - 40 * DAY, 3), reply_count: 1 };
  oldRoot.thread_ts = oldRoot.ts;
  const lateReply: FakeSlackMessage = {
    type: 'message',
    user: 'U03',
    text: 'A late reply in the old thread',
    ts: slackTs(now - 5 * DAY, 4),
    thread_ts: oldRoot.ts,
  };

  beforeAll(async () => {
    const recent = generateSlackChannel(30, { start: new Date(now - 10 * DAY), threadEvery: 10, replies: 2 });
    const secret = recent.find((message) => message.text.startsWith('Message 5:'));
    if (secret) secret.text = 'Message 5: the zanzibar rollback key is in the vault';
    harness = await startHarness('slack', async () => {
      api = await startFakeSlackApi({ channels: { [CHANNEL]: [oldEdited, oldRoot, lateReply, ...recent] } });
      return { token: 'xoxb-fixture', apiUrl: api.url };
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await api?.close();
  });
  const sync = (mode: 'full' | 'incremental', sinceDaysAgo: number) => harness.sync(CHANNEL, mode, new Date(now - sinceDaysAgo * DAY));
  const removed = () => harness.removed();
  const found = (words: string) => harness.found(words);

  it('removes a deleted message, a tombstoned thread root and a deleted reply from the read model and from search', async () => {
    // Sixty days back, the first pass lists the old messages too.
    expect(await sync('full', 60)).toMatchObject({ state: 'done', items: 3 + 30 + 3 * 2 });
    const messages = api.channels.get(CHANNEL) ?? [];
    const deleted = messages.find((message) => message.text.startsWith('Message 5:')) as FakeSlackMessage;
    const root = messages.find((message) => message.text.startsWith('Message 10:')) as FakeSlackMessage;
    const reply = messages.find((message) => message.text === 'Reply 1 to 20') as FakeSlackMessage;
    expect(await found('zanzibar')).toEqual([messageId(deleted.ts)]);
    // Deleted at the source: one message, one reply; a thread root with replies becomes a tombstone.
    api.channels.set(
      CHANNEL,
      messages
        .filter((message) => message !== deleted && message !== reply)
        .map((message) =>
          message === root ? { ...root, subtype: 'tombstone', text: 'This message was deleted.', user: 'USLACKBOT' } : message,
        ),
    );

    // An incremental pass lists what changed, not everything: it removes nothing.
    expect(await sync('incremental', 30)).toMatchObject({ state: 'done' });
    expect(await removed()).toEqual([]);

    // A full pass over the last 30 days removes what it no longer lists in its window, and only that:
    // the old message edited lately and the late reply in the old thread were outside what it lists.
    expect(await sync('full', 30)).toMatchObject({ state: 'done' });
    expect(await removed()).toEqual([messageId(deleted.ts), messageId(root.ts), messageId(reply.ts)].sort());
    expect(await found('zanzibar')).toEqual([]);
    const gone = await harness.t.db
      .selectFrom('items')
      .select(['title', 'body'])
      .where('id', '=', messageId(deleted.ts))
      .executeTakeFirstOrThrow();
    expect(gone.body).not.toContain('zanzibar');
    expect(await found('ledger drift')).toEqual([messageId(oldEdited.ts)]);
    expect(await found('late reply')).toEqual([messageId(lateReply.ts)]);
    expect(await harness.t.db.selectFrom('sync_seen').selectAll().execute()).toEqual([]);
  });
});

describe('services/sync: a Jira full pass draws the links the webhooks draw and removes a deleted issue', () => {
  let api: FakeJiraApi;
  let harness: Harness;
  const since = new Date(Date.now() - 30 * DAY);
  beforeAll(async () => {
    harness = await startHarness('jira', async () => {
      api = await startFakeJiraApi();
      api.projects.set('ACME', generateJiraProject(api.url, 'ACME', 6, 1, new Date(Date.now() - 5 * DAY), 2));
      return { token: 'me@example.com:jira-token', apiUrl: api.url };
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await api?.close();
  });

  it('stores issues with their comments and BLOCKS edges, then removes the issue JQL no longer finds, its comments with it', async () => {
    expect(await harness.sync('ACME', 'full', since)).toMatchObject({ state: 'done', items: 12 });
    const edges = await harness.t.db
      .selectFrom('edges')
      .select(['from_id', 'to_ref', 'type', 'origin'])
      .where('team', '=', 'acme')
      .where('type', '=', 'BLOCKS')
      .orderBy('from_id')
      .execute();
    expect(edges.map((edge) => [edge.from_id, edge.type, edge.origin])).toEqual([
      ['jira:issue:ACME-1', 'BLOCKS', 'source'],
      ['jira:issue:ACME-3', 'BLOCKS', 'source'],
      ['jira:issue:ACME-5', 'BLOCKS', 'source'],
    ]);
    expect(await harness.found('invoice 4')).toContain('jira:issue:ACME-4');
    api.projects.set(
      'ACME',
      (api.projects.get('ACME') ?? []).filter((issue) => issue.key !== 'ACME-4'),
    );
    expect(await harness.sync('ACME', 'full', since)).toMatchObject({ state: 'done' });
    // The projector takes a removed issue's comments with it, as a jira:issue_deleted webhook's removal does.
    expect(await harness.removed()).toEqual(['jira:comment:ACME-4/20030', 'jira:issue:ACME-4']);
    expect(await harness.found('invoice 4')).toEqual([]);
  });
});
