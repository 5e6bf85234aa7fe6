import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { type FakeGithubApi, generateRepository, startFakeGithubApi } from '@pipe/platforms/testing';
import { type Service, startService } from '@pipe/service-runtime';
import { type SyncConfig, loadSyncConfig, startSync } from '@pipe/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureOutput as capture } from '../testing/capture-output.js';
import { parseSince } from './sync.js';

describe('pipe sync', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeGithubApi;
  let service: Service<SyncConfig>;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const key = randomBytes(32);

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    home = mkdtempSync(join(tmpdir(), 'pipe-cli-'));
    api = await startFakeGithubApi({
      repos: [
        generateRepository({ fullName: 'acme/web', issues: 120, commentsPerIssue: 1 }),
        generateRepository({ fullName: 'acme/api', issues: 10 }),
      ],
    });
    env = {
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_HOME: home,
      PIPE_SECRET_KEY: key.toString('base64'),
    };
    await createTeam(t.db, new SecretBox(key), 'acme');
    const config = loadSyncConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent', SYNC_INTERVAL_MS: '3600000', SYNC_RETRY_BASE_MS: '1' });
    service = await startService({ name: 'sync', config, drains: 'test', handleSignals: false });
    await startSync(service);
  });
  afterAll(async () => {
    await service?.stop();
    await api?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
    rmSync(home, { recursive: true, force: true });
  });

  it('says what is missing before queueing anything', async () => {
    await expect(runCli(['sync', 'acme', 'github', '--repo', 'acme/web'], env, capture().io)).rejects.toThrow(
      /no github connection; run `pipe connect acme github/,
    );
    expect(await runCli(['connect', 'acme', 'github', '--token', 'ghp_fixture', '--api-url', api.url], env, capture().io)).toBe(0);
    const bad = capture();
    expect(await runCli(['sync', 'acme', 'github', '--repo', 'web'], env, bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/'web' is not a GitHub repository: write it owner\/name/);
    expect(await t.db.selectFrom('sync_jobs').selectAll().execute()).toEqual([]);
  });

  it('runs a sync, waits for it, and reports what it stored as JSON', async () => {
    const run = capture();
    expect(await runCli(['sync', 'acme', 'github', '--repo', 'acme/web', '--json'], env, run.io)).toBe(0);
    const report = JSON.parse(run.out.stdout);
    expect(report.jobs).toEqual([
      expect.objectContaining({ platform: 'github', scope: 'acme/web', state: 'done', items: 240, unchanged: 0 }),
    ]);
  });

  it('--detach answers the job ids at once; without --repo it syncs the repositories synced before', async () => {
    const run = capture();
    expect(await runCli(['sync', 'acme', '--full', '--detach', '--json', '--since', '30d'], env, run.io)).toBe(0);
    const { jobs } = JSON.parse(run.out.stdout);
    expect(jobs.map((job: { scope: string; mode: string }) => [job.scope, job.mode])).toEqual([['acme/web', 'full']]);
    const lines = capture();
    expect(await runCli(['sync', 'acme', 'github', '--repo', 'acme/api'], env, lines.io)).toBe(0);
    expect(lines.out.stdout).toMatch(/^synced github acme\/api: 10 items stored, 0 unchanged, \d+ pages\n$/);
  });

  it('reaches back SYNC_WINDOW_DAYS, as the scheduler does, on a first sync and on --full', async () => {
    // Five issues from 40 days ago: outside a 20-day window, inside a 60-day one.
    api.repos.set('acme/aged', generateRepository({ fullName: 'acme/aged', issues: 5, start: new Date(Date.now() - 40 * 86_400_000) }));
    const daysBack = (since: string) => Math.round((Date.now() - Date.parse(since)) / 86_400_000);
    const first = capture();
    expect(await runCli(['sync', 'acme', 'github', '--repo', 'acme/aged', '--json'], { ...env, SYNC_WINDOW_DAYS: '20' }, first.io)).toBe(0);
    const [narrow] = JSON.parse(first.out.stdout).jobs;
    expect(narrow).toMatchObject({ scope: 'acme/aged', mode: 'incremental', state: 'done', items: 0 });
    expect(daysBack(narrow.since)).toBe(20);
    const full = capture();
    expect(
      await runCli(['sync', 'acme', 'github', '--repo', 'acme/aged', '--full', '--json'], { ...env, SYNC_WINDOW_DAYS: '60' }, full.io),
    ).toBe(0);
    const [wide] = JSON.parse(full.out.stdout).jobs;
    expect(wide).toMatchObject({ scope: 'acme/aged', mode: 'full', state: 'done', items: 5 });
    expect(daysBack(wide.since)).toBe(60);
    // Unset, the default: 90 days.
    const detached = capture();
    expect(await runCli(['sync', 'acme', 'github', '--repo', 'acme/aged', '--full', '--detach', '--json'], env, detached.io)).toBe(0);
    expect(daysBack(JSON.parse(detached.out.stdout).jobs[0].since)).toBe(90);
    const bad = capture();
    await expect(
      runCli(['sync', 'acme', 'github', '--repo', 'acme/aged'], { ...env, SYNC_WINDOW_DAYS: 'a quarter' }, bad.io),
    ).rejects.toThrow(/SYNC_WINDOW_DAYS/);
  });

  it('reads --since as a date or a span back from now', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(parseSince('30d', now).toISOString()).toBe('2026-11-06T12:00:00.000Z');
    expect(parseSince('2026-09-01', now).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(() => parseSince('last week', now)).toThrow(/--since takes a date/);
  });
});
