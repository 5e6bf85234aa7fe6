import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { partitionWildcard, publishEvent, recreateConsumerAt } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createSyncJob, createTeam, markConnectionNeedsCredential, saveSyncConnection, settleSyncJob } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { teamPartition } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { ChangeLog } from './changes/change-log.js';
import { callOk, connectClient } from './testing/fixtures.js';
import type { SourcesOutput } from './tools/sources-tool.js';

describe('sources: the projector backlog, over partitions at different positions', () => {
  let t: TestDb;
  let bus: TestBus;
  let app: FastifyInstance;
  let acme: Client;
  let gamma: Client;
  let box: SecretBox;

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    box = new SecretBox(randomBytes(32));
    const acmeTeam = await createTeam(t.db, box, 'acme');
    const gammaTeam = await createTeam(t.db, box, 'gamma');
    app = buildApp({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    ({ client: acme } = await connectClient(url, acmeTeam.apiKey));
    ({ client: gamma } = await connectClient(url, gammaTeam.apiKey));
  });

  afterAll(async () => {
    await acme?.close();
    await gamma?.close();
    await app?.close();
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  it('counts each team’s events after its own partition’s checkpoint, as the projector’s consumers count them (pipe status)', async () => {
    const acmePartition = teamPartition('acme', bus.names.partitions);
    const gammaPartition = teamPartition('gamma', bus.names.partitions);
    expect(acmePartition).not.toBe(gammaPartition);
    // Stream sequences 1-3 and 8-9 are acme's, 4-7 gamma's.
    const teams = ['acme', 'acme', 'acme', 'gamma', 'gamma', 'gamma', 'gamma', 'acme', 'acme'];
    for (const [n, team] of teams.entries()) {
      await publishEvent(bus.js, bus.names, itemObserved(githubIssueSnapshot('octo/demo', n + 1), team), { msgId: `sources-test-${n}` });
    }
    // acme's partition applied everything; gamma's stopped at 5 (6 and 7 to go); an idle
    // partition's checkpoint, written first, is far behind the stream's last sequence.
    const idle = [0, 1, 2, 3].find((p) => p !== acmePartition && p !== gammaPartition)!;
    const positions: [number, number][] = [
      [idle, 1],
      [acmePartition, 9],
      [gammaPartition, 5],
    ];
    for (const [partition, lastSeq] of positions) {
      await t.db
        .insertInto('checkpoints')
        .values({ projection: 'projector', partition: `p${partition}`, last_seq: lastSeq })
        .execute();
    }

    expect((await callOk<SourcesOutput>(acme, 'sources')).projectorBacklog).toBe(0);
    const gammaSources = await callOk<SourcesOutput>(gamma, 'sources');
    expect(gammaSources.projectorBacklog).toBe(2);

    // What `pipe status` reports: the pending messages of the projector's durable consumer of each
    // partition, started right after that partition's checkpoint.
    for (const [partition, lastSeq] of [
      [acmePartition, 9],
      [gammaPartition, 5],
    ] as const) {
      const name = `projector-p${partition}`;
      await recreateConsumerAt(
        bus.jsm,
        { stream: bus.names.events, name, filterSubject: partitionWildcard(bus.names, partition) },
        lastSeq,
      );
      const pending = (await bus.jsm.consumers.info(bus.names.events, name)).num_pending;
      expect(pending).toBe(partition === acmePartition ? 0 : gammaSources.projectorBacklog);
    }
  });

  it('counts all of a team’s events while its partition has no checkpoint yet (nothing of it applied)', async () => {
    await t.db.deleteFrom('checkpoints').execute();
    expect((await callOk<SourcesOutput>(acme, 'sources')).projectorBacklog).toBe(5);
    expect((await callOk<SourcesOutput>(gamma, 'sources')).projectorBacklog).toBe(4);
  });

  it('shows each of the team’s connections — and only its own — with the fix for a refused credential and its live jobs', async () => {
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'github', token: 'ghp_secret', apiUrl: null, account: 'acme-bot' });
    await saveSyncConnection(t.db, box, { team: 'gamma', platform: 'slack', token: 'xoxb-secret', apiUrl: null, account: 'gamma-bot' });
    await markConnectionNeedsCredential(
      t.db,
      'acme',
      'github',
      'GitHub refused the token (401); then run `pipe connect acme github --token <new token>`',
    );
    const since = new Date('2026-01-01T00:00:00Z');
    const queued = (await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/web', mode: 'full', since })).job;
    // Failed an hour ago: shown; failed two days ago, or done: not (the connection's last sync tells those).
    const failed = (await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/ops', mode: 'incremental', since })).job;
    await settleSyncJob(t.db, failed.id, { state: 'failed', error: 'GitHub refused the token (401)' });
    const old = (await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/old', mode: 'full', since })).job;
    await settleSyncJob(t.db, old.id, { state: 'failed', error: 'long ago' });
    await t.db
      .updateTable('sync_jobs')
      .set({ finished_at: new Date(Date.now() - 2 * 86_400_000) })
      .where('id', '=', old.id)
      .execute();
    const done = (await createSyncJob(t.db, { team: 'acme', platform: 'github', scope: 'acme/done', mode: 'full', since })).job;
    await settleSyncJob(t.db, done.id, { state: 'done' });
    const result = await acme.callTool({ name: 'sources', arguments: {} });
    const sources = result.structuredContent as SourcesOutput;
    expect(sources.connections).toEqual([
      expect.objectContaining({
        platform: 'github',
        account: 'acme-bot',
        status: 'needs_credential',
        statusMessage: expect.stringContaining('pipe connect acme github --token <new token>'),
        jobs: [
          expect.objectContaining({
            id: queued.id,
            scope: 'acme/web',
            mode: 'full',
            state: 'queued',
            pages: 0,
            expectedPages: null,
            items: 0,
          }),
          expect.objectContaining({ id: failed.id, scope: 'acme/ops', state: 'failed', error: 'GitHub refused the token (401)' }),
        ],
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain('ghp_secret');
    expect((result.content as { text: string }[])[0]?.text).toContain('github connection (acme-bot): needs_credential');
    expect((await callOk<SourcesOutput>(gamma, 'sources')).connections.map((c) => c.platform)).toEqual(['slack']);
  });
});
