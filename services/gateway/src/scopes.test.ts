import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CreatedTeam, SecretBox, createApiKey, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from './app.js';
import { connectClient } from './testing/fixtures.js';
import { registerAdminTool, toolSuccess } from './tools/tool-result.js';

/** A stand-in for a tool that changes things (the backfill issue's `sync`), registered the way it will be. */
const ADMIN_TOOL = 'test_touch';

describe('scopes on keys', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let mcpUrl: string;
  let acme: CreatedTeam;
  let adminKey: { id: string; key: string };
  const touched: string[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    acme = await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    adminKey = await createApiKey(t.db, 'acme', 'ops', 'admin');
    app = buildApp({
      db: t.db,
      logLevel: 'silent',
      extendSession: (server, _transport, tools) =>
        registerAdminTool(server, tools, ADMIN_TOOL, {
          title: 'Touch',
          description: 'Records that it was called.',
          inputSchema: z.object({ note: z.string() }),
          outputSchema: z.object({ touched: z.string() }),
          run: async ({ note }) => {
            touched.push(note);
            return toolSuccess({ touched: note }, note);
          },
        }),
    });
    mcpUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
  });

  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  /** Opens a session with `key` over plain HTTP and returns its id. */
  async function openSession(key: string): Promise<string> {
    const response = await fetch(mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'scopes-test', version: '1.0.0' } },
      }),
    });
    expect(response.status).toBe(200);
    await response.text();
    return response.headers.get('mcp-session-id') ?? '';
  }

  it('refuses an admin tool to a read key with 403 insufficient_scope and a JSON-RPC error naming the scope', async () => {
    const session = await openSession(acme.apiKey);
    const response = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${acme.apiKey}`,
        'mcp-session-id': session,
        'mcp-protocol-version': '2025-11-25',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: ADMIN_TOOL, arguments: { note: 'x' } } }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="pipe", error="insufficient_scope", scope="read admin", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/,
    );
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32003,
        message: expect.stringMatching(/the tool test_touch needs the 'admin' scope.*only 'read'.*--scope admin/),
        data: { requiredScope: 'admin', tool: ADMIN_TOOL },
      },
    });
    expect(touched).toEqual([]);
  });

  it('lets a read key use every read-only tool, and names the missing scope to an SDK client', async () => {
    const { client } = await connectClient(mcpUrl, acme.apiKey);
    try {
      const { tools } = await client.listTools();
      expect(tools.find((tool) => tool.name === ADMIN_TOOL)?.annotations).toMatchObject({ readOnlyHint: false });
      expect((await client.callTool({ name: 'sources', arguments: {} })).isError).toBeFalsy();
      await expect(client.callTool({ name: ADMIN_TOOL, arguments: { note: 'x' } })).rejects.toThrow(/needs the 'admin' scope/);
    } finally {
      await client.close();
    }
    expect(touched).toEqual([]);
  });

  it('runs the admin tool for an admin key, and audits the key that made the call', async () => {
    const { client } = await connectClient(mcpUrl, adminKey.key);
    try {
      const result = await client.callTool({ name: ADMIN_TOOL, arguments: { note: 'by admin' } });
      expect(result.structuredContent).toEqual({ touched: 'by admin' });
    } finally {
      await client.close();
    }
    expect(touched).toEqual(['by admin']);
    await app.close();
    const audited = await t.db.selectFrom('gateway_audit').select(['key_id', 'outcome']).where('tool', '=', ADMIN_TOOL).execute();
    expect(audited).toEqual([{ key_id: adminKey.id, outcome: 'ok' }]);
  });
});

describe('registerAdminTool without the /mcp route', () => {
  it('stays closed to a call that carries no admin scope', async () => {
    const server = new McpServer({ name: 'scope-test', version: '1.0.0' });
    let ran = false;
    registerAdminTool(server, { db: undefined as never, team: 'acme', keyId: 'key_x', log: pino({ level: 'silent' }) }, ADMIN_TOOL, {
      title: 'Touch',
      description: 'Records that it was called.',
      inputSchema: z.object({}),
      outputSchema: z.object({}),
      run: async () => {
        ran = true;
        return toolSuccess({}, 'ran');
      },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'scope-test', version: '1.0.0' });
    await client.connect(clientSide);
    const result = await client.callTool({ name: ADMIN_TOOL, arguments: {} });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: expect.stringMatching(/^INSUFFICIENT_SCOPE: .*'admin' scope/) }],
    });
    expect(ran).toBe(false);
    await client.close();
  });
});
