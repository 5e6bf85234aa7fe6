import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishSyncJob, provisionSyncQueue, syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, createSyncJob, createTeam, getSyncJob, saveSyncConnection } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { type FakeGithubApi, generateRepository, startFakeGithubApi } from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncProcess, startSyncProcess } from './testing/sync-process.js';

describe('services/sync under kill -9', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeGithubApi;
  const processes: SyncProcess[] = [];
  const key = randomBytes(32);
  const ISSUES = 600;

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    api = await startFakeGithubApi({
      repos: [generateRepository({ fullName: 'acme/big', issues: ISSUES })],
      tokens: { ghp_acme: 'acme-bot' },
    });
    const box = new SecretBox(key);
    await createTeam(t.db, box, 'acme');
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'github', token: 'ghp_acme', apiUrl: api.url, account: 'acme-bot' });
  });
  afterAll(async () => {
    for (const sync of processes) sync.child.kill('SIGKILL');
    await Promise.all(processes.map((sync) => sync.exited));
    await api?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  const start = () => {
    const sync = startSyncProcess({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      SYNC_ACK_WAIT_MS: '2000',
      SYNC_INTERVAL_MS: '3600000',
    });
    processes.push(sync);
    return sync;
  };

  it('resumes a job a killed instance held from its cursor, elsewhere, with nothing stored twice', async () => {
    // A slow API, so the job is mid-way when its instance dies.
    api.delayMs = 150;
    await provisionSyncQueue(bus.jsm, bus.names, { ackWaitMs: 2000 });
    const { job } = await createSyncJob(t.db, {
      team: 'acme',
      platform: 'github',
      scope: 'acme/big',
      mode: 'full',
      since: new Date(Date.now() - 90 * 24 * 3600_000),
    });
    const first = start();
    await publishSyncJob(bus.js, bus.names, job);
    for (;;) {
      const now = await getSyncJob(t.db, job.id);
      if ((now?.pages ?? 0) >= 2) break;
      if (first.child.exitCode !== null) throw new Error(`the sync process ended: ${first.output()}`);
      await sleep(20);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const cut = await getSyncJob(t.db, job.id);
    expect(cut?.state).toBe('running');
    expect(cut?.pages).toBeLessThan(6);

    api.delayMs = 0;
    const second = start();
    for (;;) {
      const now = await getSyncJob(t.db, job.id);
      if (now?.state === 'done' || now?.state === 'failed') break;
      if (second.child.exitCode !== null) throw new Error(`the sync process ended: ${second.output()}`);
      await sleep(50);
    }
    const done = await getSyncJob(t.db, job.id);
    expect(done).toMatchObject({ state: 'done', attempts: 2 });
    // A page stored but not yet marked read when the process died is read again: counted again, stored once.
    expect(done?.items).toBeGreaterThanOrEqual(ISSUES);
    // Each issue record is three events (its author, the issue, its repository): a page read twice added none.
    expect((await bus.jsm.streams.info(bus.names.events)).state.messages).toBe(3 * ISSUES);
  }, 120_000);
});
