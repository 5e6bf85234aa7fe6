import { createHash, randomBytes } from 'node:crypto';
import { SecretBox, createSignInLink, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { freePort } from '@pipe/test-infra';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { approveInBrowser } from '../testing/oauth.js';

const REDIRECT = 'http://127.0.0.1:33419/callback';

/** A PKCE pair (RFC 7636, S256). */
function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('what the authorization server refuses', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let other: FastifyInstance;
  let issuer: string;
  let otherIssuer: string;
  let clientId: string;

  beforeAll(async () => {
    t = await createTestDb();
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    issuer = `http://127.0.0.1:${await freePort()}`;
    app = buildApp({ db: t.db, logLevel: 'silent', oauth: { issuer } });
    await app.listen({ port: Number(new URL(issuer).port), host: '127.0.0.1' });
    // A second gateway (another deployment's resource) sharing the store: its tokens are not for this one.
    otherIssuer = `http://localhost:${await freePort()}`;
    other = buildApp({ db: t.db, logLevel: 'silent', oauth: { issuer: otherIssuer } });
    await other.listen({ port: Number(new URL(otherIssuer).port), host: '127.0.0.1' });
    clientId = await register(issuer, [REDIRECT]);
  });

  afterAll(async () => {
    await app?.close();
    await other?.close();
    await t?.cleanup();
  });

  async function register(at: string, redirectUris: string[]): Promise<string> {
    const response = await fetch(`${at}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Refusal tests',
        redirect_uris: redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { client_id: string }).client_id;
  }

  function authorizeUrl(at: string, params: Record<string, string>): URL {
    const url = new URL(`${at}/oauth/authorize`);
    const defaults = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'read',
      resource: `${at}/mcp`,
      state: 'xyz',
    };
    for (const [key, value] of Object.entries({ ...defaults, ...params })) if (value !== '') url.searchParams.set(key, value);
    return url;
  }

  /** Signs in and approves; returns the authorization code and the PKCE verifier it was asked with. */
  async function authorizationCode(at = issuer, params: Record<string, string> = {}): Promise<{ code: string; verifier: string }> {
    const link = await createSignInLink(t.db, { team: 'acme', scope: 'read' });
    const { verifier, challenge } = pkce();
    const outcome = await approveInBrowser(authorizeUrl(at, { code_challenge: challenge, code_challenge_method: 'S256', ...params }), {
      code: link.code,
    });
    if (!('redirect' in outcome)) throw new Error(`sign-in stopped on a page: ${outcome.page.slice(0, 300)}`);
    return { code: outcome.redirect.searchParams.get('code') as string, verifier };
  }

  async function token(params: Record<string, string>, at = issuer): Promise<{ status: number; body: Record<string, string> }> {
    const response = await fetch(`${at}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, ...params }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT, resource: `${issuer}/mcp`, ...extra });

  async function mcp(accessToken: string, at = issuer): Promise<{ status: number; body: string }> {
    const response = await fetch(`${at}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'probe', version: '1.0.0' } },
      }),
    });
    return { status: response.status, body: await response.text() };
  }

  it('advertises S256 as the only PKCE method, and refuses an authorization request without PKCE or with plain', async () => {
    const metadata = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    for (const params of [{}, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }] as Record<string, string>[]) {
      const response = await fetch(authorizeUrl(issuer, params), { redirect: 'manual' });
      const location = new URL(response.headers.get('location') as string);
      expect(location.origin + location.pathname).toBe(REDIRECT);
      expect(location.searchParams.get('error')).toBe('invalid_request');
    }
  });

  it('advertises itself from the resource, asks for read in the 401, and explains an expired sign-in page', async () => {
    const resource = (await (await fetch(`${issuer}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(resource).toMatchObject({ resource: `${issuer}/mcp`, authorization_servers: [issuer], scopes_supported: ['read', 'admin'] });
    const challenge = (await mcp('')).status;
    expect(challenge).toBe(401);
    const response = await fetch(`${issuer}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="pipe", resource_metadata="${issuer}/.well-known/oauth-protected-resource/mcp", scope="read"`,
    );
    const expired = await fetch(`${issuer}/oauth/interaction/no-such-interaction`);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('This sign-in page expired');
  });

  it('refuses a wrong code_verifier', async () => {
    const { code } = await authorizationCode();
    const refused = await exchange(code, pkce().verifier);
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a redirect_uri the client did not register, at authorization and at the token endpoint', async () => {
    const { challenge } = pkce();
    const response = await fetch(
      authorizeUrl(issuer, { redirect_uri: 'https://attacker.example/cb', code_challenge: challenge, code_challenge_method: 'S256' }),
      {
        redirect: 'manual',
      },
    );
    // Never sent to the unregistered URI: an error page on Pipe instead.
    expect(response.headers.get('location')).toBeNull();
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('redirect_uri');

    const { code, verifier } = await authorizationCode();
    const refused = await exchange(code, verifier, { redirect_uri: 'http://127.0.0.1:33419/other' });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a code used twice, and revokes what the first use issued', async () => {
    const { code, verifier } = await authorizationCode();
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect((await mcp(first.body.access_token as string)).status).toBe(200);
    const second = await exchange(code, verifier);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await mcp(first.body.access_token as string)).status).toBe(401);
  });

  it('refuses an expired access token', async () => {
    const { code, verifier } = await authorizationCode();
    const issued = await exchange(code, verifier);
    expect((await mcp(issued.body.access_token as string)).status).toBe(200);
    // Ten minutes later, as stored: the token's own expiry and the row's.
    await sql`update oauth_store set expires_at = now() - interval '1 second',
      payload = jsonb_set(payload, '{exp}', to_jsonb(extract(epoch from now())::int - 1))
      where kind = 'AccessToken' and id = ${issued.body.access_token}`.execute(t.db);
    const refused = await mcp(issued.body.access_token as string);
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('unknown, expired or revoked');
  });

  it('refuses to issue a token for another resource, and a token minted for another resource', async () => {
    const { challenge } = pkce();
    const link = await createSignInLink(t.db, { team: 'acme', scope: 'read' });
    const outcome = await approveInBrowser(
      authorizeUrl(issuer, { resource: 'https://elsewhere.example/mcp', code_challenge: challenge, code_challenge_method: 'S256' }),
      { code: link.code },
    );
    expect('redirect' in outcome && outcome.redirect.searchParams.get('error')).toBe('invalid_target');

    // The other gateway's token, valid there, is refused here with the reason.
    const otherClient = await register(otherIssuer, [REDIRECT]);
    const otherLink = await createSignInLink(t.db, { team: 'acme', scope: 'read' });
    const { verifier, challenge: otherChallenge } = pkce();
    const otherOutcome = await approveInBrowser(
      authorizeUrl(otherIssuer, { client_id: otherClient, code_challenge: otherChallenge, code_challenge_method: 'S256' }),
      { code: otherLink.code },
    );
    if (!('redirect' in otherOutcome)) throw new Error('sign-in at the other gateway failed');
    const issued = await token(
      {
        client_id: otherClient,
        grant_type: 'authorization_code',
        code: otherOutcome.redirect.searchParams.get('code') as string,
        code_verifier: verifier,
        redirect_uri: REDIRECT,
        resource: `${otherIssuer}/mcp`,
      },
      otherIssuer,
    );
    expect(issued.status).toBe(200);
    expect((await mcp(issued.body.access_token as string, otherIssuer)).status).toBe(200);
    const refused = await mcp(issued.body.access_token as string, issuer);
    expect(refused.status).toBe(401);
    expect(refused.body).toContain(`issued for ${otherIssuer}/mcp, not for ${issuer}/mcp`);
  });

  it('kills the whole family when an old refresh token is used again', async () => {
    const { code, verifier } = await authorizationCode();
    const issued = await exchange(code, verifier);
    const refresh = (refreshToken: string) =>
      token({ grant_type: 'refresh_token', refresh_token: refreshToken, resource: `${issuer}/mcp` });
    const rotated = await refresh(issued.body.refresh_token as string);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(issued.body.refresh_token);
    expect((await mcp(rotated.body.access_token as string)).status).toBe(200);

    // A thief replays the first refresh token: refused, and every token of the grant dies with it.
    expect(await refresh(issued.body.refresh_token as string)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await refresh(rotated.body.refresh_token as string)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await mcp(rotated.body.access_token as string)).status).toBe(401);
  });

  it('refuses a sign-in link used twice, expired, or of a typo, without changing anything', async () => {
    const link = await createSignInLink(t.db, { team: 'acme', scope: 'read' });
    const { challenge } = pkce();
    const url = () => authorizeUrl(issuer, { code_challenge: challenge, code_challenge_method: 'S256' });
    expect('redirect' in (await approveInBrowser(url(), { code: link.code }))).toBe(true);
    const reused = await approveInBrowser(url(), { code: link.code });
    expect(reused).toMatchObject({ status: 400, page: expect.stringContaining('unknown, expired or already used') });
    const typo = await approveInBrowser(url(), { code: 'psi_notarealcodeatallnotreally' });
    expect(typo).toMatchObject({ status: 400 });
    const expired = await createSignInLink(t.db, { team: 'acme', scope: 'read', ttlMs: -1000 });
    expect(await approveInBrowser(url(), { code: expired.code })).toMatchObject({ status: 400 });
    const denied = await approveInBrowser(url(), {
      code: (await createSignInLink(t.db, { team: 'acme', scope: 'read' })).code,
      decision: 'deny',
    });
    expect('redirect' in denied && denied.redirect.searchParams.get('error')).toBe('access_denied');
  });
});
