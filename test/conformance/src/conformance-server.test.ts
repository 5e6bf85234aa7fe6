import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { ChangeLog, buildApp } from '@pipe/gateway';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConformanceServer } from './server.js';

describe('the MCP conformance server (test/conformance)', () => {
  let t: TestDb;
  let bus: TestBus;
  let server: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    t = await createTestDb();
    bus = await createTestBus();
    server = await buildConformanceServer({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/mcp`;
  });

  afterAll(async () => {
    await server?.close();
    await bus?.cleanup();
    await t?.cleanup();
  });

  it("serves a keyless client the suite's fixtures next to Pipe's own tools, as the empty team `conformance`", async () => {
    const client = new Client({ name: 'conformance-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const tools = (await client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toEqual(expect.arrayContaining(['search', 'test_simple_text', 'test_error_handling', 'json_schema_2020_12_tool']));
      const schema = (await client.listTools()).tools.find((tool) => tool.name === 'json_schema_2020_12_tool')?.inputSchema;
      expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: { address: { type: 'object' } } });
      expect(await client.callTool({ name: 'test_simple_text', arguments: {} })).toMatchObject({
        content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
      });
      expect((await client.readResource({ uri: 'test://static-text' })).contents[0]).toMatchObject({
        text: 'This is the content of the static text resource.',
      });
      await expect(client.subscribeResource({ uri: 'test://watched-resource' })).resolves.toEqual({});
      const sources = await client.callTool({ name: 'sources', arguments: {} });
      expect(sources.isError).not.toBe(true);
    } finally {
      await client.close();
    }
  });

  it('leaves the production gateway without a keyless path: the same request without a key is refused', async () => {
    const gateway = buildApp({ db: t.db, logLevel: 'silent' });
    try {
      const response = await gateway.inject({
        method: 'POST',
        url: '/mcp',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        payload: {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
        },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="pipe"/);
    } finally {
      await gateway.close();
    }
  });
});
