import { startTestSync } from '@pipe/sync/testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveLeaseBucket, syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { runCli } from '@pipe/cli';
import { consoleBuilt } from '@pipe/console';
import { SecretBox, createTeam } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { ChangeLog, buildApp as buildGateway } from '@pipe/gateway';
import { type FakeGithubApi, generateRepository, startFakeGithubApi } from '@pipe/platforms/testing';
import type { Service } from '@pipe/service-runtime';
import type { SyncConfig } from '@pipe/sync';
import { type TestBrowser, launchChromium } from '@pipe/test-infra';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from './accessibility.js';

/** Screenshots, beside the other console pages'. */
const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/console/', import.meta.url));

/**
 * The console's Sources page while a real backfill runs: `pipe connect` and `pipe sync` against a
 * stand-in GitHub API that answers slowly, the sync service taking the job from NATS, and the page
 * following the job's pages and items as they grow — then a revoked token, and the page naming
 * the command that fixes it.
 */
describe('the console’s connections and sync jobs, in Debian’s chromium', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeGithubApi;
  let sync: Service<SyncConfig>;
  let gateway: FastifyInstance;
  let browser: TestBrowser;
  let page: Page;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let apiKey: string;
  let consoleUrl: string;
  const key = randomBytes(32);
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } };
  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });

  /** `pipe sync acme github --repo acme/web --detach`: queues a job and returns its id. */
  const queueSync = async (): Promise<string> => {
    out.stdout = '';
    expect(await runCli(['sync', 'acme', 'github', '--repo', 'acme/web', '--detach'], env, io)).toBe(0);
    const id = /^(sync_[0-9a-f]+)/m.exec(out.stdout)?.[1];
    if (!id) throw new Error(`pipe sync --detach printed no job id: ${out.stdout}${out.stderr}`);
    return id;
  };

  beforeAll(async () => {
    if (!consoleBuilt()) throw new Error('the web console is not built: run `npm run setup` (it runs vite build for packages/console)');
    mkdirSync(SCREENSHOTS, { recursive: true });
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    home = mkdtempSync(join(tmpdir(), 'pipe-console-sync-'));
    api = await startFakeGithubApi({
      repos: [
        generateRepository({
          fullName: 'acme/web',
          issues: 120,
          pullRequestEvery: 4,
          commentsPerIssue: 2,
          start: new Date(Date.now() - 20 * 86_400_000),
        }),
      ],
    });
    apiKey = (await createTeam(t.db, new SecretBox(key), 'acme')).apiKey;
    env = {
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_HOME: home,
      PIPE_SECRET_KEY: key.toString('base64'),
    };
    sync = await startTestSync(env);
    gateway = buildGateway({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    consoleUrl = `${await gateway.listen({ port: 0, host: '127.0.0.1' })}/`;
    browser = await launchChromium({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await sync?.stop();
    await api?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await bus?.jsm.streams.delete(`KV_${liveLeaseBucket(bus.names)}`).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
    rmSync(home, { recursive: true, force: true });
  });

  it('shows a running backfill’s pages and items growing without a reload, then the connection’s last sync and items', async () => {
    expect(await runCli(['connect', 'acme', 'github', '--token', 'ghp_fixture', '--api-url', api.url], env, io)).toBe(0);
    await page.goto(`${consoleUrl}#/sources`);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('row', { name: /github.*active/ }).waitFor();
    await page.getByText('None running, queued, paused or failed').waitFor();

    // Slow enough to be watched: every API answer waits.
    api.delayMs = 400;
    const jobId = await queueSync();
    const job = page.locator(`.job.running[data-job="${jobId}"]`);
    await job.waitFor({ timeout: 15_000 });
    const pagesRead = async () => Number(/(\d+)(?: of \d+)? pages/.exec((await job.locator('.job-progress').textContent()) ?? '')?.[1]);
    await expect.poll(pagesRead, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const first = await pagesRead();
    expect(await job.textContent()).toContain('acme/web');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('8-sync-running');
    // The page asks again by itself while the job runs: the count moves with no reload.
    await expect.poll(pagesRead, { timeout: 20_000 }).toBeGreaterThan(first);

    // Done: the job leaves the list, and the connection says what it stored.
    await page.locator(`.job[data-job="${jobId}"]`).waitFor({ state: 'detached', timeout: 60_000 });
    const row = page.getByRole('row', { name: /github/ }).filter({ has: page.locator('.badge.live') });
    await expect.poll(async () => Number(((await row.locator('td').nth(2).textContent()) ?? '').replace(/\D/g, ''))).toBeGreaterThan(100);
    expect(await row.locator('td').nth(3).textContent()).toMatch(/s ago$/);
    expect(await row.locator('td').nth(4).textContent()).toMatch(/^in (59|60) min$|^in 1 h$/);
  });

  it('shows a refused credential with the command that fixes it, and the job that failed on it', async () => {
    api.delayMs = 0;
    api.tokens.delete('ghp_fixture');
    const jobId = await queueSync();
    const failed = page.locator(`.job.failed[data-job="${jobId}"]`);
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.locator('.error').textContent()).toContain('pipe connect acme github --token <new token>');
    const connection = page.locator('.connection.needs_credential');
    await connection.waitFor();
    expect(await connection.locator('.badge').textContent()).toBe('needs a new credential');
    expect(await connection.locator('.fix code').textContent()).toBe('pipe connect acme github --token <new token>');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('9-sync-needs-credential');
  });
});
