import { startTestSync } from '@pipe/sync/testing';
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { EVERY_SCOPE, SecretBox, createApiKey, createTeam, saveSyncConnection } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import {
  type FakeGithubApi,
  type FakeSlackApi,
  generateRepository,
  generateSlackChannel,
  startFakeGithubApi,
  startFakeSlackApi,
} from '@pipe/platforms/testing';
import type { Service } from '@pipe/service-runtime';
import type { SyncConfig } from '@pipe/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { ChangeLog } from './changes/change-log.js';
import { callError, callOk, connectClient } from './testing/fixtures.js';
import type { SyncOutput } from './tools/sync-tool.js';

describe('the sync tool (admin scope)', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeGithubApi;
  let slack: FakeSlackApi;
  let service: Service<SyncConfig>;
  let app: FastifyInstance;
  let admin: Client;
  let reader: Client;
  let globexAdmin: Client;
  const key = randomBytes(32);

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    api = await startFakeGithubApi({ repos: [generateRepository({ fullName: 'acme/web', issues: 260, commentsPerIssue: 1 })] });
    // Two channels; #general has messages from 60 days ago and from yesterday, either side of the 45-day window.
    const day = 86_400_000;
    slack = await startFakeSlackApi({
      channels: {
        C0GENERAL: [
          ...generateSlackChannel(4, { start: new Date(Date.now() - 60 * day) }),
          ...generateSlackChannel(6, { start: new Date(Date.now() - day) }),
        ],
        C0RANDOM: generateSlackChannel(7, { start: new Date(Date.now() - day) }),
      },
    });
    const box = new SecretBox(key);
    const acme = await createTeam(t.db, box, 'acme');
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'github', token: 'ghp_fixture', apiUrl: api.url, account: 'acme-bot' });
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'slack', token: 'xoxb-fixture', apiUrl: slack.url, account: 'acme-bot' });
    const adminKey = await createApiKey(t.db, 'acme', 'ops', 'admin');
    // A second team on the same Slack workspace, never synced: its first sync names no scope.
    await createTeam(t.db, box, 'globex');
    await saveSyncConnection(t.db, box, {
      team: 'globex',
      platform: 'slack',
      token: 'xoxb-fixture',
      apiUrl: slack.url,
      account: 'globex-bot',
    });
    const globexKey = await createApiKey(t.db, 'globex', 'ops', 'admin');
    service = await startTestSync({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
    });
    app = buildApp({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names), syncWindowDays: 45 });
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    ({ client: admin } = await connectClient(url, adminKey.key));
    ({ client: reader } = await connectClient(url, acme.apiKey));
    ({ client: globexAdmin } = await connectClient(url, globexKey.key));
  });
  afterAll(async () => {
    await admin?.close();
    await reader?.close();
    await globexAdmin?.close();
    await app?.close();
    await service?.stop();
    await api?.close();
    await slack?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  it('is refused to a read-only key', async () => {
    await expect(reader.callTool({ name: 'sync', arguments: { platform: 'github', scopes: ['acme/web'] } })).rejects.toThrow(/admin/);
  });

  it('runs a job, reports progress to a caller with a progress token, and answers with the job id and final counts', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const result = await admin.callTool({ name: 'sync', arguments: { platform: 'github', scopes: ['acme/web'] } }, undefined, {
      onprogress: (p) => void progress.push(p),
      timeout: 60_000,
    });
    const output = result.structuredContent as SyncOutput;
    expect(output).toMatchObject({
      platform: 'github',
      finished: true,
      jobs: [{ scope: 'acme/web', state: 'done', items: 520, unchanged: 0, error: null }],
    });
    expect(output.jobs[0]?.id).toMatch(/^sync_/);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.message).toMatch(/pages, 520 items stored/);
  });

  it('says what to do when a platform cannot sync or is not connected, or a scope is written wrong, before queueing anything', async () => {
    const jobsBefore = (await t.db.selectFrom('sync_jobs').selectAll().execute()).length;
    expect(await callError(admin, 'sync', { platform: 'gitlab' })).toMatch(
      /gitlab\W+ cannot be synced: expected one of github, slack, jira, linear, notion.* \(the platforms with a backfill\) at platform/,
    );
    expect(await callError(admin, 'sync', { platform: 'jira', scopes: ['ACME'] })).toMatch(
      /jira is not connected; run `pipe connect acme jira --token …`/,
    );
    expect(await callError(admin, 'sync', { platform: 'github', scopes: ['web'] })).toMatch(
      /'web' is not a GitHub repository: write it owner\/name \(github scopes are repositories, as owner\/name\).* at scopes\[0\]/,
    );
    expect(await callError(admin, 'sync', { platform: 'slack', scopes: ['C0GENERAL', '#random'] })).toMatch(
      /'#random' is not a Slack channel id.* at scopes\[1\]/,
    );
    expect(await callError(admin, 'sync', { platform: 'slack', scopes: [] })).toMatch(/name at least one scope.* at scopes/);
    expect((await t.db.selectFrom('sync_jobs').selectAll().execute()).length).toBe(jobsBefore);
    // Without scopes, the ones synced before.
    expect((await callOk<SyncOutput>(admin, 'sync', { platform: 'github' })).jobs).toEqual([
      expect.objectContaining({ scope: 'acme/web', state: 'done' }),
    ]);
  });

  it('picks the scopes of a first sync (Slack channels here) and reaches back the configured window (SYNC_WINDOW_DAYS)', async () => {
    const output = await callOk<SyncOutput>(admin, 'sync', { platform: 'slack', scopes: ['C0GENERAL'] });
    // Only the channel named, only its messages inside the 45-day window: the 6 from yesterday, not the 4 from 60 days ago.
    expect(output.jobs).toEqual([expect.objectContaining({ scope: 'C0GENERAL', mode: 'incremental', state: 'done', items: 6 })]);
    const daysBack = (since: string) => Math.round((Date.now() - Date.parse(since)) / 86_400_000);
    expect(daysBack(output.jobs[0]?.since ?? '')).toBe(45);
    expect((await t.db.selectFrom('sync_jobs').select('scope').where('platform', '=', 'slack').execute()).map((row) => row.scope)).toEqual([
      'C0GENERAL',
    ]);
    // A full pass reaches back the same window, not 90 days.
    const full = await callOk<SyncOutput>(admin, 'sync', { platform: 'slack', full: true });
    expect(full.jobs).toEqual([expect.objectContaining({ scope: 'C0GENERAL', mode: 'full', state: 'done', items: 6 })]);
    expect(daysBack(full.jobs[0]?.since ?? '')).toBe(45);
  });

  it('on a first sync without scopes, has the sync service list every scope the credential reads and syncs each, following them', async () => {
    const output = await callOk<SyncOutput>(globexAdmin, 'sync', { platform: 'slack' });
    expect(output.finished).toBe(true);
    // Both channels the bot is in, each inside the 45-day window; the listing job itself is not among them.
    expect(output.jobs.map(({ scope, state, items }) => ({ scope, state, items })).sort((a, b) => a.scope.localeCompare(b.scope))).toEqual([
      { scope: 'C0GENERAL', state: 'done', items: 6 },
      { scope: 'C0RANDOM', state: 'done', items: 7 },
    ]);
    const jobs = await t.db.selectFrom('sync_jobs').select(['id', 'scope', 'state', 'parent_id']).where('team', '=', 'globex').execute();
    const listing = jobs.find((job) => job.scope === EVERY_SCOPE);
    expect(listing).toMatchObject({ state: 'done', parent_id: null });
    expect(jobs.filter((job) => job.scope !== EVERY_SCOPE).map((job) => job.parent_id)).toEqual([listing?.id, listing?.id]);
    // The channels are now the team's synced scopes: the next sync without scopes takes them, with no listing job.
    const again = await callOk<SyncOutput>(globexAdmin, 'sync', { platform: 'slack' });
    expect(again.jobs.map((job) => job.scope).sort()).toEqual(['C0GENERAL', 'C0RANDOM']);
    expect(
      (await t.db.selectFrom('sync_jobs').select('id').where('team', '=', 'globex').where('scope', '=', EVERY_SCOPE).execute()).length,
    ).toBe(1);
  });
});
