import { startTestSync } from '@pipe/sync/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { runCli } from '@pipe/cli';
import { SecretBox, createTeam } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { ChangeLog, buildApp as buildGateway } from '@pipe/gateway';
import { type FakeGithubApi, generateRepository, startFakeGithubApi } from '@pipe/platforms/testing';
import { runProjector } from '@pipe/projector';
import type { Service } from '@pipe/service-runtime';
import type { SyncConfig } from '@pipe/sync';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 17's "done when": a new user connects GitHub and syncs a repository with the `pipe`
 * command, then finds last quarter's issues, pull requests and comments through MCP `search` and
 * `get_item` — the sync service, the projector and the gateway running on a real NATS and Postgres.
 */
describe('backfill → MCP: pipe connect, pipe sync, then search and get_item', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeGithubApi;
  let sync: Service<SyncConfig>;
  let gateway: FastifyInstance;
  let client: Client;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const stopProjector = new AbortController();
  let projector: Promise<void>;
  const key = randomBytes(32);
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } };

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    home = mkdtempSync(join(tmpdir(), 'pipe-e2e-'));
    api = await startFakeGithubApi({
      repos: [
        generateRepository({
          fullName: 'acme/web',
          issues: 150,
          pullRequestEvery: 5,
          commentsPerIssue: 1,
          reviewsPerPullRequest: 1,
          start: new Date(Date.now() - 60 * 86_400_000),
        }),
      ],
    });
    const acme = await createTeam(t.db, new SecretBox(key), 'acme');
    env = {
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_HOME: home,
      PIPE_SECRET_KEY: key.toString('base64'),
    };
    sync = await startTestSync(env);
    projector = runProjector({ db: t.db, bus, names: bus.names, logger: pino({ level: 'silent' }) }, stopProjector.signal);
    gateway = buildGateway({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    const url = `${await gateway.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${acme.apiKey}` } } }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    stopProjector.abort();
    await projector;
    await sync?.stop();
    await api?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
    rmSync(home, { recursive: true, force: true });
  });

  it('finds last quarter’s issues, pull requests and comments through search and get_item', async () => {
    expect(await runCli(['connect', 'acme', 'github', '--token', 'ghp_fixture', '--api-url', api.url], env, io)).toBe(0);
    expect(await runCli(['sync', 'acme', 'github', '--repo', 'acme/web'], env, io)).toBe(0);
    expect(out.stdout).toMatch(/synced github acme\/web: 330 items stored/);

    const search = async (query: string, kind?: string) => {
      for (;;) {
        const result = await client.callTool({ name: 'search', arguments: { query, ...(kind ? { kind } : {}) } });
        const items = (result.structuredContent as { items: { id: string; kind: string; url: string }[] }).items;
        if (items.length > 0) return items;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    expect((await search('Problem 7 acme/web', 'issue'))[0]).toMatchObject({
      id: 'github:issue:acme/web#7',
      url: 'https://github.com/acme/web/issues/7',
    });
    expect((await search('Change 10', 'pull_request'))[0]).toMatchObject({ id: 'github:pull_request:acme/web#10' });
    expect((await search('reproduced staging', 'comment')).length).toBeGreaterThan(0);

    const item = await client.callTool({ name: 'get_item', arguments: { id: 'https://github.com/acme/web/pull/10' } });
    const got = item.structuredContent as { item: { id: string; title: string; state: string }; edges: { type: string }[] };
    expect(got.item).toMatchObject({ id: 'github:pull_request:acme/web#10', title: 'Change 10 in acme/web' });
  });
});
