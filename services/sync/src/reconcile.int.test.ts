import { startTestSync } from './testing/index.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishSyncJob, syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, type SyncJob, createSyncJob, createTeam, getSyncJob, listSyncJobs, saveSyncConnection, scopeHighWater } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { type FakeGithubApi, generateRepository, startFakeGithubApi } from '@pipe/platforms/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import type { Service } from '@pipe/service-runtime';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncConfig } from './config.js';

const DAY = 86_400_000;

/**
 * Reconciliation (issue 17): GitHub does not redeliver a webhook it failed to send. The scheduled
 * incremental sync must find what the API has and no webhook brought — from the scope's high-water
 * mark, on its own, without anyone running `pipe sync`.
 */
describe('services/sync: the scheduled incremental sync catches a missed webhook', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeGithubApi;
  let service: Service<SyncConfig>;
  const key = randomBytes(32);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    api = await startFakeGithubApi({
      repos: [generateRepository({ fullName: 'acme/web', issues: 120, commentsPerIssue: 1, start: new Date(Date.now() - 20 * DAY) })],
      tokens: { ghp_acme: 'acme-bot' },
    });
    const box = new SecretBox(key);
    await createTeam(t.db, box, 'acme');
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'github', token: 'ghp_acme', apiUrl: api.url, account: 'acme-bot' });
    // Every connection is due every second (the scheduler looks that often); a full pass only weekly.
    service = await startTestSync({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      SYNC_INTERVAL_MS: '1000',
    });
  });
  afterAll(async () => {
    await service?.stop();
    await api?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  const project = () => projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger, retryDelayMs: () => 5 });
  const finished = async (id: string): Promise<SyncJob> => {
    for (;;) {
      const job = await getSyncJob(t.db, id);
      if (job && (job.state === 'done' || job.state === 'failed')) return job;
      await sleep(50);
    }
  };
  const title = async (id: string) =>
    (await t.db.selectFrom('items').select('title').where('team', '=', 'acme').where('id', '=', id).executeTakeFirst())?.title ?? null;

  it('stores an issue and a comment no webhook delivered, at the next scheduled run, reading only from the high-water mark', async () => {
    // The first sync, as `pipe sync acme github --repo acme/web --full` queues it.
    const { job: first } = await createSyncJob(t.db, {
      team: 'acme',
      platform: 'github',
      scope: 'acme/web',
      mode: 'full',
      since: new Date(Date.now() - 90 * DAY),
    });
    await publishSyncJob(bus.js, bus.names, first);
    expect(await finished(first.id)).toMatchObject({ state: 'done', items: 240 });
    const mark = await scopeHighWater(t.db, 'acme', 'github', 'acme/web');
    expect(mark?.highWater).toBeInstanceOf(Date);

    // Then GitHub has a new issue and a comment on an old one, and the webhooks for them never came.
    const repo = api.repos.get('acme/web');
    if (!repo) throw new Error('no acme/web');
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    repo.issues.push({
      number: 121,
      title: 'Refunds double-count the ledger (webhook lost)',
      body: 'Reported by finance.',
      state: 'open',
      pullRequest: false,
      mergedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    repo.comments.push({ id: 9001, number: 7, body: 'Still happens after the fix (webhook lost).', createdAt: now, updatedAt: now });
    await project();
    expect(await title('github:issue:acme/web#121')).toBeNull();

    // No `pipe sync`, no job created by hand: the scheduler's next round finds both.
    const deadline = Date.now() + 20_000;
    let caught: SyncJob | undefined;
    while (Date.now() < deadline) {
      const jobs = await listSyncJobs(t.db, { team: 'acme' });
      caught = jobs.find((job) => job.id !== first.id && job.state === 'done' && job.items > 0);
      if (caught) break;
      await sleep(200);
    }
    if (!caught) throw new Error('no scheduled sync stored the missed records within 20 s');
    // Incremental, from the high-water mark (less the five-minute overlap), not from the window's start:
    // it read the two missed records and nothing of the 240 already stored.
    expect(caught).toMatchObject({ mode: 'incremental', scope: 'acme/web', items: 2, unchanged: 0 });
    // (A scheduled run may have come and gone between the first sync and the records' arrival; it moved the mark on.)
    expect(caught.since.getTime()).toBeGreaterThanOrEqual((mark?.highWater.getTime() ?? 0) - 5 * 60_000);
    expect(caught.since.getTime()).toBeLessThan(Date.now());
    await project();
    expect(await title('github:issue:acme/web#121')).toBe('Refunds double-count the ledger (webhook lost)');
    const comment = await t.db
      .selectFrom('items')
      .select('body')
      .where('team', '=', 'acme')
      .where('kind', '=', 'comment')
      .where('body', 'like', '%webhook lost%')
      .execute();
    expect(comment).toHaveLength(1);
  });
});
