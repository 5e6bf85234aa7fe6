import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, createApiKey, createTeam, saveSyncConnection } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { type FakeGithubApi, generateRepository, startFakeGithubApi } from '@pipe/platforms/testing';
import { type Service, startService } from '@pipe/service-runtime';
import { type SyncConfig, loadSyncConfig, startSync } from '@pipe/sync';
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
  let service: Service<SyncConfig>;
  let app: FastifyInstance;
  let admin: Client;
  let reader: Client;
  const key = randomBytes(32);

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    api = await startFakeGithubApi({ repos: [generateRepository({ fullName: 'acme/web', issues: 260, commentsPerIssue: 1 })] });
    const box = new SecretBox(key);
    const acme = await createTeam(t.db, box, 'acme');
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'github', token: 'ghp_fixture', apiUrl: api.url, account: 'acme-bot' });
    const adminKey = await createApiKey(t.db, 'acme', 'ops', 'admin');
    const config = loadSyncConfig({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PORT: '0',
      LOG_LEVEL: 'silent',
      PIPE_SECRET_KEY: key.toString('base64'),
      SYNC_INTERVAL_MS: '3600000',
    });
    service = await startService({ name: 'sync', config, drains: 'test', handleSignals: false });
    await startSync(service);
    app = buildApp({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    ({ client: admin } = await connectClient(url, adminKey.key));
    ({ client: reader } = await connectClient(url, acme.apiKey));
  });
  afterAll(async () => {
    await admin?.close();
    await reader?.close();
    await app?.close();
    await service?.stop();
    await api?.close();
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

  it('says what to do when a platform is not connected or a scope is written wrong', async () => {
    expect(await callError(admin, 'sync', { platform: 'slack' })).toMatch(/slack has no backfill|not connected/);
    expect(await callError(admin, 'sync', { platform: 'github', scopes: ['web'] })).toMatch(
      /'web' is not a GitHub repository: write it owner\/name/,
    );
    // Without scopes, the ones synced before.
    expect((await callOk<SyncOutput>(admin, 'sync', { platform: 'github' })).jobs).toEqual([
      expect.objectContaining({ scope: 'acme/web', state: 'done' }),
    ]);
  });
});
