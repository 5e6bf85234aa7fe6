import { createHash, randomBytes } from 'node:crypto';
import { type AccessScope, SecretBox, createSignInLink, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { freePort } from '@pipe/test-infra';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../app.js';
import { approveInBrowser } from '../testing/oauth.js';
import { registerAdminTool, toolSuccess } from '../tools/tool-result.js';

const REDIRECT = 'http://127.0.0.1:33421/callback';

describe('OAuth tokens carry scopes and are rate limited per grant', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let issuer: string;

  beforeAll(async () => {
    t = await createTestDb();
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    issuer = `http://127.0.0.1:${await freePort()}`;
    app = buildApp({
      db: t.db,
      logLevel: 'silent',
      oauth: { issuer },
      // A frozen clock: buckets never refill, so the burst is exactly what a grant may send.
      rateLimit: { perMinute: 60, burst: 4, now: () => 0 },
      extendSession: (server, _transport, tools) =>
        registerAdminTool(server, tools, 'test_touch', {
          title: 'Touch',
          description: 'Changes nothing, but needs admin.',
          inputSchema: z.object({}),
          outputSchema: z.object({ touched: z.boolean() }),
          run: async () => toolSuccess({ touched: true }, 'touched'),
        }),
    });
    await app.listen({ port: Number(new URL(issuer).port), host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  /** A token asked for with `read admin`, signed in with a link of `linkScope`. */
  async function tokenFor(linkScope: AccessScope): Promise<{ access_token: string; scope: string }> {
    const registered = await fetch(`${issuer}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: `scopes ${linkScope}`, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${issuer}/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'read admin',
      resource: `${issuer}/mcp`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const link = await createSignInLink(t.db, { team: 'acme', scope: linkScope });
    const outcome = await approveInBrowser(url, { code: link.code });
    if (!('redirect' in outcome)) throw new Error(`sign-in stopped on a page: ${outcome.page.slice(0, 300)}`);
    const response = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code: outcome.redirect.searchParams.get('code') as string,
        code_verifier: verifier,
        redirect_uri: REDIRECT,
        resource: `${issuer}/mcp`,
      }),
    });
    return (await response.json()) as { access_token: string; scope: string };
  }

  async function post(token: string, body: unknown, session?: string): Promise<Response> {
    return fetch(`${issuer}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  async function openSession(token: string): Promise<string> {
    const response = await post(token, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'scopes', version: '1.0.0' } },
    });
    expect(response.status).toBe(200);
    await response.text();
    return response.headers.get('mcp-session-id') as string;
  }

  const touch = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'test_touch', arguments: {} } };

  it('grants a read link only read, and refuses the admin tool with insufficient_scope', async () => {
    const token = await tokenFor('read');
    expect(token.scope).toBe('read');
    const session = await openSession(token.access_token);
    const refused = await post(token.access_token, touch, session);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toMatch(/error="insufficient_scope", scope="read admin"/);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("needs the 'admin' scope");
  });

  it('lets an admin link’s token call the admin tool, and limits each grant to its own burst', async () => {
    const token = await tokenFor('admin');
    expect(token.scope.split(' ').sort()).toEqual(['admin', 'read']);
    const session = await openSession(token.access_token);
    const called = await post(token.access_token, touch, session);
    expect(called.status).toBe(200);
    expect(await called.text()).toContain('"touched":true');
    // Two of its four requests are spent; two more pass, the fifth is refused.
    for (let i = 0; i < 2; i += 1) expect((await post(token.access_token, { ...touch, id: 10 + i }, session)).status).toBe(200);
    const limited = await post(token.access_token, { ...touch, id: 20 }, session);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('this OAuth grant is over its request rate');
    // Another grant has its own bucket.
    const other = await tokenFor('admin');
    expect((await post(other.access_token, { jsonrpc: '2.0', id: 1, method: 'ping' }, await openSession(other.access_token))).status).toBe(
      200,
    );
  });
});
