import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

describe('GET /metrics on the gateway', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let baseUrl: string;
  let apiKey: string;
  beforeAll(async () => {
    t = await createTestDb();
    apiKey = (await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme')).apiKey;
    app = buildApp({ db: t.db, logLevel: 'silent' });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics', headers: { host: 'pod-10-0-0-7:7400' } })).body;
  const value = (text: string, line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);

  it('counts MCP requests by method and tool, times them, and gauges open sessions (for any Host: Prometheus scrapes pods by IP)', async () => {
    const before = await metrics();
    const client = new Client({ name: 'metrics-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), { requestInit: { headers: { Authorization: `Bearer ${apiKey}` } } }),
    );
    await client.callTool({ name: 'search', arguments: { query: 'wombat' } });
    const during = await metrics();
    await client.close();

    expect(
      value(during, 'pipe_mcp_requests_total{method="initialize",tool="",status="200"}') -
        value(before, 'pipe_mcp_requests_total{method="initialize",tool="",status="200"}'),
    ).toBe(1);
    expect(
      value(during, 'pipe_mcp_requests_total{method="tools/call",tool="search",status="200"}') -
        value(before, 'pipe_mcp_requests_total{method="tools/call",tool="search",status="200"}'),
    ).toBe(1);
    expect(during).toMatch(/^pipe_mcp_request_duration_seconds_count\{method="tools\/call",tool="search"\} [1-9]/m);
    expect(value(during, 'pipe_mcp_sessions')).toBe(1);
    expect(during).toMatch(/^pipe_mcp_subscriptions 0$/m);
  });
});
