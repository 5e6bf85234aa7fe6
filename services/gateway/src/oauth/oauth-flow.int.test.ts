import { randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { SecretBox, createSignInLink, createTeam, listOAuthGrants, revokeOAuthGrant } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { freePort } from '@pipe/test-infra';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { insertItem } from '../testing/fixtures.js';
import { TestOAuthClient, approveInBrowser } from '../testing/oauth.js';

const REDIRECT = 'http://127.0.0.1:33418/callback';

describe('OAuth 2.1 with the MCP SDK client', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let issuer: string;

  beforeAll(async () => {
    t = await createTestDb();
    const box = new SecretBox(randomBytes(32));
    await createTeam(t.db, box, 'acme');
    await createTeam(t.db, box, 'beta');
    await insertItem(t.db, 'acme', 'github:issue:acme/app#1', { title: 'arm64 crash in the uploader' });
    await insertItem(t.db, 'beta', 'github:issue:beta/app#1', { title: 'arm64 crash at beta' });
    issuer = `http://127.0.0.1:${await freePort()}`;
    app = buildApp({ db: t.db, logLevel: 'silent', oauth: { issuer } });
    const url = new URL(issuer);
    await app.listen({ port: Number(url.port), host: url.hostname });
  });

  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  /** Connects an SDK client that signs in with `provider`, completing the browser step with `code`. */
  async function signIn(provider: TestOAuthClient, code: string): Promise<void> {
    const transport = new StreamableHTTPClientTransport(new URL(`${issuer}/mcp`), { authProvider: provider });
    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl).toBeDefined();
    const outcome = await approveInBrowser(provider.authorizationUrl as URL, { code });
    if (!('redirect' in outcome)) throw new Error(`sign-in stopped on a page (${outcome.status}): ${outcome.page.slice(0, 500)}`);
    expect(outcome.redirect.origin + outcome.redirect.pathname).toBe(REDIRECT);
    const authorizationCode = outcome.redirect.searchParams.get('code');
    expect(authorizationCode).toBeTruthy();
    await transport.finishAuth(authorizationCode as string);
  }

  async function connected(provider: TestOAuthClient): Promise<Client> {
    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${issuer}/mcp`), { authProvider: provider }));
    return client;
  }

  it('discovers the server from the 401, registers, signs in with PKCE and a sign-in link, and queries only its team', async () => {
    const link = await createSignInLink(t.db, { team: 'acme', email: 'ann@acme.test', scope: 'read' });
    const provider = new TestOAuthClient(REDIRECT, { clientName: 'Flow test assistant' });
    await signIn(provider, link.code);
    expect(provider.clientInformation()?.client_id).toBeTruthy();
    const tokens = provider.tokens();
    expect(tokens).toMatchObject({
      token_type: expect.stringMatching(/bearer/i),
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    expect(tokens?.scope?.split(' ')).toEqual(['read']);

    const client = await connected(provider);
    const result = await client.callTool({ name: 'search', arguments: { query: 'arm64 crash' } });
    const items = (result.structuredContent as { items: { id: string }[] }).items.map((item) => item.id);
    expect(items).toEqual(['github:issue:acme/app#1']);
    await client.close();
  });

  it('records the client and the person in the audit log, refreshes with rotation, and stops a revoked token at once', async () => {
    const link = await createSignInLink(t.db, { team: 'acme', email: 'bob@acme.test', scope: 'read' });
    const provider = new TestOAuthClient(REDIRECT, { clientName: 'Audited assistant' });
    await signIn(provider, link.code);
    const clientId = provider.clientInformation()?.client_id as string;
    const client = await connected(provider);
    await client.callTool({ name: 'sources', arguments: {} });
    await client.close();

    const [grant] = (await listOAuthGrants(t.db, 'acme')).filter((g) => g.clientId === clientId);
    expect(grant).toMatchObject({ clientName: 'Audited assistant', email: 'bob@acme.test', signInLink: link.id, scopes: ['read'] });
    // The audit log is written in batches; reading it after the app flushed is what an operator sees.
    await app.inject({ method: 'GET', url: '/health' });
    const audited = async () =>
      t.db.selectFrom('gateway_audit').select(['key_id', 'client_id', 'sign_in']).where('client_id', '=', clientId).execute();
    await expect.poll(audited).toEqual([{ key_id: `grant:${grant?.id}`, client_id: clientId, sign_in: `${link.id} bob@acme.test` }]);

    // Refresh: a new access token and a new refresh token; the new ones work.
    const first = provider.tokens();
    expect(await auth(provider, { serverUrl: `${issuer}/mcp` })).toBe('AUTHORIZED');
    const second = provider.tokens();
    expect(second?.access_token).not.toBe(first?.access_token);
    expect(second?.refresh_token).not.toBe(first?.refresh_token);
    const again = await connected(provider);
    await expect(again.callTool({ name: 'sources', arguments: {} })).resolves.toMatchObject({ structuredContent: expect.any(Object) });

    // Revocation endpoint (RFC 7009): the access token stops on its next request, even in the open session.
    const revoked = await fetch(`${issuer}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: second?.access_token as string, client_id: clientId }),
    });
    expect(revoked.status).toBe(200);
    const afterRevoke = await mcpStatus(second?.access_token as string);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.challenge).toMatch(/error="invalid_token"/);
    await again.close().catch(() => undefined);
  });

  it('ends a grant with everything it issued when an admin revokes it (pipe tokens revoke)', async () => {
    const link = await createSignInLink(t.db, { team: 'acme', scope: 'read' });
    const provider = new TestOAuthClient(REDIRECT);
    await signIn(provider, link.code);
    const clientId = provider.clientInformation()?.client_id as string;
    const [grant] = (await listOAuthGrants(t.db, 'acme')).filter((g) => g.clientId === clientId);
    expect(grant?.activeTokens).toBe(2);
    expect(await revokeOAuthGrant(t.db, 'beta', grant?.id as string)).toBe(false);
    expect((await mcpStatus(provider.tokens()?.access_token as string)).status).not.toBe(401);
    expect(await revokeOAuthGrant(t.db, 'acme', grant?.id as string)).toBe(true);
    expect((await mcpStatus(provider.tokens()?.access_token as string)).status).toBe(401);
    const refresh = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: provider.tokens()?.refresh_token as string,
      client_id: clientId,
    });
    expect(refresh.status).toBe(400);
    expect((await listOAuthGrants(t.db, 'acme')).some((g) => g.id === grant?.id)).toBe(false);
  });

  /** Posts to the token endpoint. */
  async function tokenRequest(params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** An initialize with `token`: its status and challenge. */
  async function mcpStatus(token: string): Promise<{ status: number; challenge: string | null }> {
    const response = await fetch(`${issuer}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'probe', version: '1.0.0' } },
      }),
    });
    await response.text();
    return { status: response.status, challenge: response.headers.get('www-authenticate') };
  }
});
