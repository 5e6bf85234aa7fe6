import { randomBytes } from 'node:crypto';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { type CreatedTeam, SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from './access/rate-limit.js';
import { buildApp } from './app.js';
import { SessionStore } from './session-store.js';
import { SessionRegistry } from './sessions.js';
import { connectClient } from './testing/fixtures.js';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'access-test', version: '1.0.0' } },
};

describe('access control', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let baseUrl: string;
  let acme: CreatedTeam;
  let clock = 1_000_000;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await createTestDb();
    acme = await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    app = buildApp({
      db: t.db,
      logLevel: 'silent',
      publicUrl: 'https://pipe.example.com',
      allowedHosts: ['gw.internal'],
      authorizationServers: ['https://auth.example.com'],
      rateLimit: { perMinute: 60, burst: 3, now: () => clock },
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('answers a key over its rate with 429 and Retry-After, and lets it back once tokens refill', async () => {
    const key = { authorization: `Bearer ${acme.apiKey}` };
    for (let i = 0; i < 3; i += 1) {
      const ok = await post(INITIALIZE, key);
      expect(ok.status).toBe(200);
      await ok.body?.cancel();
    }
    const limited = await post(INITIALIZE, key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    clock += 1000;
    const again = await post(INITIALIZE, key);
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });

  it('counts each key on its own', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 6, burst: 1, now: () => now });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limiter.take('b')).toEqual({ ok: true });
    now += 10_000;
    expect(limiter.take('a')).toEqual({ ok: true });
  });

  it('publishes OAuth protected-resource metadata and points the 401 challenge at it', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const response = await app.inject({ method: 'GET', url: path, headers: { host: 'localhost' } });
      expect(response.json()).toEqual({
        resource: 'https://pipe.example.com/mcp',
        authorization_servers: ['https://auth.example.com'],
        bearer_methods_supported: ['header'],
        resource_name: 'Pipe MCP gateway',
      });
    }
    const missing = await post(INITIALIZE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(
      'Bearer realm="pipe", resource_metadata="https://pipe.example.com/.well-known/oauth-protected-resource/mcp"',
    );
    const invalid = await post(INITIALIZE, { authorization: 'Bearer pipe_wrong' });
    expect(invalid.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="pipe", error="invalid_token", error_description="[^"]+", resource_metadata="/,
    );
  });

  it('refuses requests for a foreign Host (DNS rebinding), but not health probes', async () => {
    const forged = await app.inject({
      method: 'POST',
      url: '/mcp',
      headers: { host: 'evil.example.com', authorization: `Bearer ${acme.apiKey}` },
      payload: INITIALIZE,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ error: { code: 'FORBIDDEN_HOST', message: expect.stringContaining('PIPE_ALLOWED_HOSTS') } });
    for (const host of ['localhost:7400', '127.0.0.1', '[::1]:80', 'gw.internal:8443', 'pipe.example.com']) {
      const allowed = await app.inject({ method: 'GET', url: '/.well-known/oauth-protected-resource', headers: { host } });
      expect(allowed.statusCode, host).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/health', headers: { host: '10.1.2.3:7400' } })).statusCode).toBe(200);
  });

  it('expires abandoned sessions: closed here, forgotten in the store, 404 afterwards', async () => {
    clock += 60_000;
    const { client, transport } = await connectClient(`${baseUrl}/mcp`, acme.apiKey);
    const id = transport.sessionId ?? '';
    const store = new SessionStore(t.db);
    expect(await store.find(id, 'acme')).not.toBeNull();
    // A registry holding a quiet session: the sweep with a clock past the idle time ends it.
    const registry = new SessionRegistry();
    const quiet = { team: 'acme', openStreams: 0, lastActivity: 0, close: async () => undefined } as never;
    registry.add('quiet', quiet);
    await store.create({ id: 'quiet', team: 'acme', keyId: 'k', initialize: {}, subscriptions: [] });
    await registry.sweep(store, 1000, { info: () => undefined, warn: () => undefined }, 10_000);
    expect(registry.get('quiet')).toBeUndefined();
    expect(await store.find('quiet', 'acme')).toBeNull();
    // Rows no process keeps alive are dropped too (the live client's row is touched by its own process's sweeps).
    await t.db
      .updateTable('gateway_sessions')
      .set({ last_seen_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', id)
      .execute();
    await registry.sweep(store, 60_000, { info: () => undefined, warn: () => undefined });
    expect(await store.find(id, 'acme')).toBeNull();
    await client.close();
  });
});
