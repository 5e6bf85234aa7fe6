import { startTestSync } from './testing/index.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishSyncJob } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, type SyncJob, createSyncJob, createTeam, getSyncJob, saveSyncConnection } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { busPublisher, storeDelivery } from '@pipe/ingest-kit';
import { deliveryMsgIdBase, github, storableEvents } from '@pipe/platforms';
import { type FakeGithubApi, generateRepository, githubExample, startFakeGithubApi } from '@pipe/platforms/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import type { Service } from '@pipe/service-runtime';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncConfig } from './config.js';

const START = new Date(Date.now() - 20 * 24 * 3600_000);
const since = new Date(Date.now() - 90 * 24 * 3600_000);

describe('services/sync: a GitHub backfill through the same path as webhooks', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeGithubApi;
  let service: Service<SyncConfig>;
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    api = await startFakeGithubApi({
      repos: [
        generateRepository({
          fullName: 'acme/web',
          issues: 230,
          pullRequestEvery: 4,
          commentsPerIssue: 1,
          reviewsPerPullRequest: 1,
          reviewCommentsPerPullRequest: 1,
          commits: 40,
          releases: 2,
          start: START,
        }),
        generateRepository({ fullName: 'acme/api', issues: 30, start: START }),
      ],
      tokens: { ghp_acme: 'acme-bot', ghp_beta: 'beta-bot' },
    });
    for (const team of ['acme', 'beta']) {
      await createTeam(t.db, box, team);
      await saveSyncConnection(t.db, box, { team, platform: 'github', token: `ghp_${team}`, apiUrl: api.url, account: `${team}-bot` });
    }
    service = await startTestSync({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      SYNC_RETRY_BASE_MS: '1',
      SYNC_BREAKER_FAILURES: '2',
      SYNC_BREAKER_RESET_MS: '300',
    });
  });
  afterAll(async () => {
    await service?.stop();
    await api?.close();
    await bus?.jsm.streams.delete(bus.names.events.replace(/PIPE_EVENTS$/, 'PIPE_SYNC')).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  async function sync(team: string, scope: string, mode: 'full' | 'incremental' = 'full'): Promise<SyncJob> {
    const { job } = await createSyncJob(t.db, { team, platform: 'github', scope, mode, since });
    await publishSyncJob(bus.js, bus.names, job);
    for (;;) {
      const now = await getSyncJob(t.db, job.id);
      if (now && (now.state === 'done' || now.state === 'failed')) return now;
      await sleep(50);
    }
  }
  const project = () => projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger, retryDelayMs: () => 5 });
  const kinds = async (team: string) =>
    Object.fromEntries(
      (
        await t.db
          .selectFrom('items')
          .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
          .where('team', '=', team)
          .where('container', '=', 'acme/web')
          .groupBy('kind')
          .execute()
      ).map((row) => [row.kind, Number(row.n)]),
    );
  const eventCount = async () => (await bus.jsm.streams.info(bus.names.events)).state.messages;

  it('lands every issue, pull request, review, comment, commit and release of a multi-page repository once', async () => {
    const job = await sync('acme', 'acme/web');
    expect(job).toMatchObject({ state: 'done', items: 230 + 230 + 57 + 57 + 40 + 2, unchanged: 0 });
    expect(job.pages).toBeGreaterThan(5);
    await project();
    expect(await kinds('acme')).toEqual({ issue: 173, pull_request: 57, comment: 230 + 57, review: 57, commit: 40, release: 2 });
    const merged = await t.db
      .selectFrom('items')
      .select('state')
      .where('id', '=', 'github:pull_request:acme/web#12')
      .executeTakeFirstOrThrow();
    expect(merged.state).toBe('merged');
    // The raw API records are kept like webhook bodies, marked as synced, for `pipe replay --renormalize`.
    const raw = await bus.jsm.streams.getMessage(bus.names.raw, { last_by_subj: `${bus.names.subjectRoot}.raw.acme.github` });
    expect(raw?.header?.get('pipe-sync-resource')).toBeTruthy();
  });

  it('stores nothing again when the same records are synced twice', async () => {
    const before = await eventCount();
    const again = await sync('acme', 'acme/web');
    expect(again).toMatchObject({ state: 'done', items: 0, unchanged: 616 });
    expect(await eventCount()).toBe(before);
  });

  it('keeps two teams connected to the same organisation apart', async () => {
    const job = await sync('beta', 'acme/web');
    expect(job).toMatchObject({ state: 'done', items: 616 });
    await project();
    expect(await kinds('beta')).toEqual(await kinds('acme'));
    const mixed = await t.db.selectFrom('items').select('team').distinct().execute();
    expect(mixed.map((row) => row.team).sort()).toEqual(['acme', 'beta']);
  });

  it('never lets an older backfilled snapshot overwrite a newer webhook one, in either order', async () => {
    const publisher = busPublisher(bus, bus.names);
    const webhook = async (number: number, title: string, updatedAt: string) => {
      const example = githubExample('issues', 'edited') as unknown as Record<string, unknown>;
      const payload = {
        ...example,
        repository: { ...(example.repository as object), full_name: 'acme/api' },
        issue: { ...(example.issue as object), number, title, updated_at: updatedAt, pull_request: undefined },
      };
      const rawBody = Buffer.from(JSON.stringify(payload));
      const delivery = {
        team: 'acme',
        platform: 'github' as const,
        deliveryId: `hook-${number}`,
        receivedAt: new Date().toISOString(),
        headers: { 'x-github-event': 'issues', 'x-github-delivery': `hook-${number}` },
        rawBody,
        payload: JSON.parse(rawBody.toString()),
      };
      const result = github.ingest.normalize(delivery);
      if (result.outcome !== 'events') throw new Error('expected events');
      await storeDelivery(
        delivery,
        { ...result, events: storableEvents(result.events, 'github') },
        publisher,
        deliveryMsgIdBase('acme', 'github', delivery.deliveryId, rawBody),
      );
    };
    const title = async (number: number) =>
      (
        await t.db
          .selectFrom('items')
          .select('title')
          .where('team', '=', 'acme')
          .where('id', '=', `github:issue:acme/api#${number}`)
          .executeTakeFirstOrThrow()
      ).title;
    const newer = new Date(Date.now() - 3600_000).toISOString();
    // Webhook first, then the backfill with the older snapshot.
    await webhook(3, 'Edited after the backfill read it', newer);
    await project();
    await sync('acme', 'acme/api');
    await project();
    expect(await title(3)).toBe('Edited after the backfill read it');
    // Backfill first (issue 5 came with it), then a newer webhook.
    expect(await title(5)).toBe('Problem 5 in acme/api');
    await webhook(5, 'Edited by webhook', newer);
    await project();
    expect(await title(5)).toBe('Edited by webhook');
  });

  it('removes what a full pass no longer finds (item.removed), and only a full pass', async () => {
    const repo = api.repos.get('acme/api');
    if (!repo) throw new Error('no acme/api');
    repo.issues = repo.issues.filter((issue) => issue.number !== 7 && issue.number !== 8);
    const removedAt = async () =>
      (
        await t.db
          .selectFrom('items')
          .select(['id', 'removed_at'])
          .where('team', '=', 'acme')
          .where('id', 'in', ['github:issue:acme/api#7', 'github:issue:acme/api#8', 'github:issue:acme/api#9'])
          .orderBy('id')
          .execute()
      ).map((row) => [row.id, row.removed_at !== null]);
    await sync('acme', 'acme/api', 'incremental');
    await project();
    expect(await removedAt()).toEqual([
      ['github:issue:acme/api#7', false],
      ['github:issue:acme/api#8', false],
      ['github:issue:acme/api#9', false],
    ]);
    expect((await sync('acme', 'acme/api', 'full')).state).toBe('done');
    await project();
    expect(await removedAt()).toEqual([
      ['github:issue:acme/api#7', true],
      ['github:issue:acme/api#8', true],
      ['github:issue:acme/api#9', false],
    ]);
    expect(await t.db.selectFrom('sync_seen').selectAll().execute()).toEqual([]);
  });

  it('opens the breaker on a 5xx storm, pauses the job, and resumes it from its cursor later', async () => {
    const repo = generateRepository({ fullName: 'acme/storm', issues: 250, start: START });
    api.repos.set(repo.fullName, repo);
    // The issue listing fails through every retry of the client (4 attempts), twice: the job pauses
    // after the first failed read, and the second opens the connection's breaker (2 failures).
    const storm = Array.from({ length: 8 }, () => ({ status: 502 }));
    const { job } = await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/storm', mode: 'full', since });
    api.inject(/^\/repos\/acme\/storm\/issues$/, ...storm);
    await publishSyncJob(bus.js, bus.names, job);
    let paused = false;
    const reasons = new Set<string>();
    for (;;) {
      const now = await getSyncJob(t.db, job.id);
      if (now?.state === 'paused') paused = true;
      if (now?.error) reasons.add(now.error);
      if (now?.state === 'done') break;
      await sleep(20);
    }
    expect(paused).toBe(true);
    expect([...reasons].some((reason) => /the github API keeps failing .*; the connection is paused/.test(reason))).toBe(true);
    await project();
    const issues = await t.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('team', '=', 'acme')
      .where('container', '=', 'acme/storm')
      .where('kind', '=', 'issue')
      .executeTakeFirstOrThrow();
    expect(Number(issues.n)).toBe(250);
  });

  it('marks a connection whose credential GitHub refuses as needing a new one, with the command that fixes it', async () => {
    api.tokens.delete('ghp_beta');
    const job = await sync('beta', 'acme/api');
    expect(job.state).toBe('failed');
    const connection = await t.db.selectFrom('sync_connections').selectAll().where('team', '=', 'beta').executeTakeFirstOrThrow();
    expect(connection.status).toBe('needs_credential');
    expect(connection.status_message).toMatch(/GitHub refused the token \(401.*pipe connect beta github --token <new token>/);
  });
});
