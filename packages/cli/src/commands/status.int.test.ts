import { randomBytes } from 'node:crypto';
import { liveLeaseBucket } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import {
  SecretBox,
  createSyncJob,
  createTeam,
  markConnectionNeedsCredential,
  saveSyncConnection,
  settleSyncJob,
  startSyncJob,
} from '@pipe/db';
import { github } from '@pipe/platforms';
import { type RunningIngestService, runIngestService } from '@pipe/ingest-kit';
import { testNamespace } from '@pipe/test-infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

describe('pipe status', () => {
  let bus: TestBus;
  let t: TestDb;
  const running: RunningIngestService[] = [];
  let otherNamespace: string;

  beforeAll(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
    const env = (namespace: string) => ({
      NATS_URL: bus.url,
      DATABASE_URL: t.url,
      PIPE_NAMESPACE: namespace,
      PIPE_SECRET_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    // Two instances of one service in this test's namespace, and one of another stack on the same NATS.
    otherNamespace = testNamespace();
    for (const namespace of [bus.namespace, bus.namespace, otherNamespace]) {
      running.push(
        await runIngestService({
          name: 'ingest-github',
          defaultPort: 0,
          platform: github.ingest,
          env: env(namespace),
          version: '1.2.3',
          handleSignals: false,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const service of running) await service.stop();
    for (const stream of ['PIPE_EVENTS', 'PIPE_RAW', 'PIPE_CHANGES', 'PIPE_DLQ']) {
      await bus.jsm.streams.delete(`${otherNamespace.toUpperCase().replace(/-/g, '_')}_${stream}`).catch(() => undefined);
    }
    await bus.cleanup();
    await t.cleanup();
  });

  it('lists every running instance of the namespace over NATS, with health, lag and throughput', async () => {
    const { out, io } = capture();
    const code = await runCli(['status', '--json'], { NATS_URL: bus.url, PIPE_NAMESPACE: bus.namespace, DATABASE_URL: t.url }, io);
    const report = JSON.parse(out.stdout);
    expect(report.namespace).toBe(bus.namespace);
    expect(report.instances).toHaveLength(2);
    expect(report.instances.map((i: { id: string }) => i.id).sort()).toEqual([running[0]!.instanceId, running[1]!.instanceId].sort());
    for (const instance of report.instances) {
      expect(instance).toMatchObject({
        service: 'ingest-github',
        version: '1.2.3',
        pid: process.pid,
        status: { health: 'ok', lag: null, throughput: { unit: 'webhooks', total: expect.any(Number), perSecond: expect.any(Number) } },
      });
    }
    expect(code).toBe(0);
  });

  it('prints a table a person can read, and leaves out other stacks', async () => {
    const { out, io } = capture();
    await runCli(['status'], { NATS_URL: bus.url, PIPE_NAMESPACE: otherNamespace, DATABASE_URL: t.url }, io);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+INSTANCE\s+HOST\s+HEALTH\s+LAG\s+THROUGHPUT/);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toContain(running[2]!.instanceId);
    expect(lines[1]).toMatch(/ingest-github .* ok /);
  });

  it('reports a stopped instance no more', async () => {
    await running[1]!.stop();
    const { out, io } = capture();
    await runCli(['status', '--json'], { NATS_URL: bus.url, PIPE_NAMESPACE: bus.namespace, DATABASE_URL: t.url }, io);
    expect(JSON.parse(out.stdout).instances.map((i: { id: string }) => i.id)).toEqual([running[0]!.instanceId]);
  });

  it('lists running, paused and failed sync jobs with their progress, and connections that need a new credential', async () => {
    const box = new SecretBox(randomBytes(32));
    await createTeam(t.db, box, 'acme');
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'github', token: 'ghp_x', apiUrl: null, account: 'acme-bot' });
    const since = new Date('2026-01-01T00:00:00Z');
    const running = (await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/web', mode: 'full', since })).job;
    await startSyncJob(t.db, running.id);
    const paused = (await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/api', mode: 'full', since })).job;
    await settleSyncJob(t.db, paused.id, {
      state: 'paused',
      error: 'the github API keeps failing (breaker open); the connection is paused',
      resumeAt: new Date(),
    });
    const failed = (await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/ops', mode: 'full', since })).job;
    await settleSyncJob(t.db, failed.id, { state: 'failed', error: 'GitHub refused the token (401)' });
    await markConnectionNeedsCredential(t.db, 'acme', 'github', 'run `pipe connect acme github --token <new token>`');

    const { out, io } = capture();
    await runCli(['status'], { NATS_URL: bus.url, PIPE_NAMESPACE: bus.namespace, DATABASE_URL: t.url }, io);
    expect(out.stdout).toMatch(/SYNC JOBS\n/);
    expect(out.stdout).toMatch(new RegExp(`running\\s+${running.id}  acme github acme/web  0 pages, 0 items`));
    expect(out.stdout).toMatch(
      new RegExp(`paused\\s+${paused.id}  acme github acme/api  0 pages, 0 items  \\(the github API keeps failing`),
    );
    expect(out.stdout).toMatch(new RegExp(`failed\\s+${failed.id}  acme github acme/ops .*GitHub refused the token`));
    expect(out.stdout).toContain('needs credential: acme github: run `pipe connect acme github --token <new token>`');
    const json = capture();
    await runCli(['status', '--json'], { NATS_URL: bus.url, PIPE_NAMESPACE: bus.namespace, DATABASE_URL: t.url }, json.io);
    expect(
      JSON.parse(json.out.stdout)
        .sync.jobs.map((job: { state: string }) => job.state)
        .sort(),
    ).toEqual(['failed', 'paused', 'running']);
  });

  it('shows whether a sync instance holds the Gateway session of each connected Discord bot', async () => {
    const box = new SecretBox(randomBytes(32));
    for (const team of ['beta', 'gamma']) {
      await createTeam(t.db, box, team);
      await saveSyncConnection(t.db, box, { team, platform: 'discord', token: 'bot', apiUrl: null, account: 'pipe-bot' });
    }
    // beta's session is held and open (the lease the sync service writes); nobody holds gamma's.
    const bucket = liveLeaseBucket(bus.names);
    await bus.jsm.streams.add({ name: `KV_${bucket}`, subjects: [`$KV.${bucket}.>`] });
    try {
      await bus.js.publish(
        `$KV.${bucket}.beta.discord`,
        JSON.stringify({ holder: 'sync-1', since: '2026-12-06T20:00:00.000Z', open: true }),
      );
      const { out, io } = capture();
      await runCli(['status'], { NATS_URL: bus.url, PIPE_NAMESPACE: bus.namespace, DATABASE_URL: t.url }, io);
      expect(out.stdout).toContain('live: beta discord open, held by sync-1 since 2026-12-06T20:00:00.000Z');
      expect(out.stdout).toContain('live: gamma discord not held by any sync instance');
      const json = capture();
      await runCli(['status', '--json'], { NATS_URL: bus.url, PIPE_NAMESPACE: bus.namespace, DATABASE_URL: t.url }, json.io);
      expect(JSON.parse(json.out.stdout).sync.liveConnections).toEqual([
        { team: 'beta', platform: 'discord', held: true, open: true, holder: 'sync-1', since: '2026-12-06T20:00:00.000Z' },
        { team: 'gamma', platform: 'discord', held: false, open: false, holder: null, since: null },
      ]);
    } finally {
      await bus.jsm.streams.delete(`KV_${bucket}`);
    }
  });
});
