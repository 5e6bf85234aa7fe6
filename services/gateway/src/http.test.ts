import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { type CreatedTeam, SecretBox, createApiKey, createDb, createTeam, revokeApiKey } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'http-test', version: '1.0.0' } },
};
const TOOLS_LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };

/** The `{ error }` body of an error response. */
async function errorOf(response: Response): Promise<{ code: string | number; message: string }> {
  return ((await response.json()) as { error: { code: string | number; message: string } }).error;
}

async function connect(baseUrl: string, key: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return { client, transport };
}

describe('the gateway over HTTP', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let baseUrl: string;
  let acme: CreatedTeam;
  let beta: CreatedTeam;
  const logLines: string[] = [];

  /** POSTs a JSON-RPC message to /mcp the way an MCP client does. */
  const post = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(new URL('/mcp', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await createTestDb();
    const box = new SecretBox(randomBytes(32));
    acme = await createTeam(t.db, box, 'acme');
    beta = await createTeam(t.db, box, 'beta');
    app = buildApp({
      db: t.db,
      allowedOrigins: ['https://app.example.com'],
      logLevel: 'info',
      logStream: { write: (line) => void logLines.push(line) },
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  describe('health', () => {
    it('/health says the process is alive', async () => {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('/ready is 200 while the database answers', async () => {
      const response = await app.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready' });
    });

    it('/ready is 503 with the reason when the database is unreachable', async () => {
      const deadDb = createDb({ url: 'postgres://postgres@127.0.0.1:1/pipe' });
      const deadApp = buildApp({ db: deadDb, logLevel: 'silent' });
      try {
        const response = await deadApp.inject({ method: 'GET', url: '/ready' });
        expect(response.statusCode).toBe(503);
        expect(response.json().error).toMatchObject({
          code: 'NOT_READY',
          message: expect.stringMatching(/database is unreachable \(.+\)/),
        });
      } finally {
        await deadApp.close();
        await deadDb.destroy();
      }
    });
  });

  describe('authentication', () => {
    it('answers a request without a key with 401, a Bearer challenge and what to do', async () => {
      const response = await post(INITIALIZE);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('Authorization: Bearer') } });
    });

    it('answers an unknown key with 401 invalid_token', async () => {
      const response = await post(INITIALIZE, { authorization: `Bearer ${acme.apiKey}x` });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
    });

    it('stops a revoked key at once, even inside its open session', async () => {
      const { id, key } = await createApiKey(t.db, 'acme', 'short-lived');
      const { client } = await connect(baseUrl, key);
      try {
        await expect(client.listTools()).resolves.toMatchObject({ tools: expect.any(Array) });
        expect(await revokeApiKey(t.db, 'acme', id)).toBe(true);
        await expect(client.listTools()).rejects.toThrow();
        expect((await post(INITIALIZE, { authorization: `Bearer ${key}` })).status).toBe(401);
      } finally {
        await client.close();
      }
    });

    it('never writes a key to the log', () => {
      expect(logLines.length).toBeGreaterThan(0);
      const log = logLines.join('');
      expect(log).not.toContain(acme.apiKey);
      expect(log.toLowerCase()).not.toContain('bearer pipe_');
    });
  });

  describe('origin checks', () => {
    it('refuses a foreign origin with 403, before looking at the key', async () => {
      const response = await post(INITIALIZE, { authorization: `Bearer ${acme.apiKey}`, origin: 'https://evil.example' });
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toMatchObject({ code: 'FORBIDDEN_ORIGIN', message: expect.stringContaining('PIPE_ALLOWED_ORIGINS') });
      expect((await post(INITIALIZE, { authorization: `Bearer ${acme.apiKey}`, origin: 'null' })).status).toBe(403);
    });

    it('accepts localhost origins, configured origins and requests without an origin', async () => {
      for (const origin of ['http://localhost:3000', 'http://127.0.0.1:6274', 'https://app.example.com', undefined]) {
        const response = await post(INITIALIZE, { authorization: `Bearer ${acme.apiKey}`, ...(origin ? { origin } : {}) });
        expect(response.status, String(origin)).toBe(200);
        expect(response.headers.get('mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
        await response.body?.cancel();
      }
    });
  });

  describe('sessions', () => {
    it('never lets a key of another team use a session', async () => {
      const { client, transport } = await connect(baseUrl, acme.apiKey);
      try {
        const sessionId = transport.sessionId;
        expect(sessionId).toBeDefined();
        const response = await post(TOOLS_LIST, {
          authorization: `Bearer ${beta.apiKey}`,
          'mcp-session-id': sessionId ?? '',
          'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
        });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 } });
        // The owner can still use it.
        await expect(client.listTools()).resolves.toMatchObject({ tools: expect.any(Array) });
      } finally {
        await client.close();
      }
    });

    it('ends a session on DELETE', async () => {
      const { client, transport } = await connect(baseUrl, acme.apiKey);
      const sessionId = transport.sessionId ?? '';
      await transport.terminateSession();
      await client.close();
      const response = await post(TOOLS_LIST, {
        authorization: `Bearer ${acme.apiKey}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
      });
      expect(response.status).toBe(404);
    });

    it('asks for initialize when a request has no session', async () => {
      const response = await post(TOOLS_LIST, { authorization: `Bearer ${acme.apiKey}` });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toMatch(/initialize/);
    });

    it('answers malformed JSON with 400 and the JSON-RPC parse error', async () => {
      const response = await fetch(new URL('/mcp', baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${acme.apiKey}`,
        },
        body: '{"jsonrpc":',
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
      expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      expect(body.error.message).toMatch(/Parse error/);
    });

    it('answers a method /mcp does not use with 405 and Allow, before looking at the key', async () => {
      for (const method of ['PUT', 'PATCH']) {
        const response = await fetch(new URL('/mcp', baseUrl), { method, headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(response.status, method).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, POST, DELETE');
        expect(await response.json()).toMatchObject({
          jsonrpc: '2.0',
          id: null,
          error: { message: expect.stringMatching(new RegExp(`${method}.*GET, POST, DELETE`)) },
        });
      }
    });

    it('answers a body over the limit with 413 naming the limit', async () => {
      const response = await post(
        { jsonrpc: '2.0', id: 3, method: 'ping', params: { padding: 'x'.repeat(1_100_000) } },
        { authorization: `Bearer ${acme.apiKey}` },
      );
      expect(response.status).toBe(413);
      const error = await errorOf(response);
      expect(error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(error.message).toMatch(/limit of 1048576 bytes \(1 MiB\)/);
    });

    it('reports the gateway package.json version in the handshake', async () => {
      const { client } = await connect(baseUrl, acme.apiKey);
      const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      expect(client.getServerVersion()).toMatchObject({ name: 'pipe', version });
      await client.close();
    });
  });
});
