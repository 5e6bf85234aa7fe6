import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:https';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { SecretBox, createSignInLink, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { freePort } from '@pipe/test-infra';
import type { FastifyInstance } from 'fastify';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { TestOAuthClient, approveInBrowser } from '../testing/oauth.js';
import { isPublicAddress } from './client-metadata-fetch.js';

const REDIRECT = 'http://127.0.0.1:33420/callback';
// A self-signed certificate for 127.0.0.1 and localhost, made for these tests only.
const TLS = {
  cert: readFileSync(new URL('../testing/tls/loopback-test-cert.pem', import.meta.url)),
  key: readFileSync(new URL('../testing/tls/loopback-test-key.pem', import.meta.url)),
};

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, shared and reserved addresses, v4 and v6', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(address), address).toBe(true);
  });
});

describe('Client ID Metadata Documents', () => {
  let t: TestDb;
  let documents: Server;
  let docs: string;
  const hits: string[] = [];
  let strict: FastifyInstance;
  let strictIssuer: string;
  let dev: FastifyInstance;
  let devIssuer: string;

  beforeAll(async () => {
    t = await createTestDb();
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    documents = createServer(TLS, (request, response) => {
      hits.push(request.url ?? '');
      const id = `${docs}${request.url}`;
      const doc = {
        client_id: id,
        client_name: 'Metadata document assistant',
        client_uri: 'https://assistant.example',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      };
      if (request.url === '/slow.json') return; // Headers never come; the gateway gives up.
      if (request.url === '/big.json')
        return response.end(JSON.stringify({ ...doc, logo_uri: `https://assistant.example/${'x'.repeat(8000)}` }));
      if (request.url === '/trickle.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"client_id":'); // The body starts, then stalls.
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    docs = `https://127.0.0.1:${(documents.address() as { port: number }).port}`;

    strictIssuer = `http://127.0.0.1:${await freePort()}`;
    strict = buildApp({ db: t.db, logLevel: 'silent', oauth: { issuer: strictIssuer } });
    await strict.listen({ port: Number(new URL(strictIssuer).port), host: '127.0.0.1' });

    // Development settings: loopback documents allowed, fetched with a client that trusts the test certificate.
    const agent = new Agent({ connect: { ca: TLS.cert } });
    devIssuer = `http://127.0.0.1:${await freePort()}`;
    dev = buildApp({
      db: t.db,
      logLevel: 'silent',
      oauth: {
        issuer: devIssuer,
        clientMetadata: {
          allowPrivateAddresses: true,
          timeoutMs: 500,
          fetch: ((url: string, init: object) => undiciFetch(url, { ...init, dispatcher: agent })) as unknown as typeof fetch,
        },
      },
    });
    await dev.listen({ port: Number(new URL(devIssuer).port), host: '127.0.0.1' });
  });

  afterAll(async () => {
    await strict?.close();
    await dev?.close();
    documents?.closeAllConnections();
    await new Promise((resolve) => documents?.close(resolve));
    await t?.cleanup();
  });

  /** The answer to an authorization request by the client `clientId` (a metadata document URL). */
  async function authorize(issuer: string, clientId: string): Promise<{ status: number; page: string; location: string | null }> {
    const url = new URL(`${issuer}/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'read',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      resource: `${issuer}/mcp`,
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    return { status: response.status, page: await response.text(), location: response.headers.get('location') };
  }

  it('advertises Client ID Metadata Document support', async () => {
    const metadata = (await (await fetch(`${strictIssuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      client_id_metadata_document_supported: true,
      registration_endpoint: `${strictIssuer}/oauth/register`,
    });
  });

  it('signs a client in by its metadata document URL, with the MCP SDK client', async () => {
    const provider = new TestOAuthClient(REDIRECT, { clientMetadataUrl: `${docs}/good.json` });
    const transport = new StreamableHTTPClientTransport(new URL(`${devIssuer}/mcp`), { authProvider: provider });
    await expect(new Client({ name: 'cimd', version: '1.0.0' }).connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    // No registration: the document URL is the client id.
    expect(provider.clientInformation()?.client_id).toBe(`${docs}/good.json`);
    const link = await createSignInLink(t.db, { team: 'acme', scope: 'read' });
    const outcome = await approveInBrowser(provider.authorizationUrl as URL, { code: link.code });
    if (!('redirect' in outcome)) throw new Error(`stopped on a page: ${outcome.page.slice(0, 400)}`);
    await transport.finishAuth(outcome.redirect.searchParams.get('code') as string);
    const client = new Client({ name: 'cimd', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${devIssuer}/mcp`), { authProvider: provider }));
    expect((await client.callTool({ name: 'sources', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it('never fetches a document on 127.0.0.1, localhost or a private address unless configured for development', async () => {
    const before = hits.length;
    for (const clientId of [
      `${docs}/good.json`,
      `https://localhost:${new URL(docs).port}/good.json`,
      'https://10.0.0.7/client.json',
      'https://[::1]/client.json',
    ]) {
      const refused = await authorize(strictIssuer, clientId);
      expect(refused.status, clientId).toBe(400);
      expect(refused.location, clientId).toBeNull();
      expect(refused.page, clientId).toContain('invalid_client');
    }
    expect(hits.length).toBe(before);
  });

  it('refuses a plain-http document URL', async () => {
    const refused = await authorize(devIssuer, `http://127.0.0.1:${new URL(docs).port}/good.json`);
    expect(refused.status).toBe(400);
    expect(refused.location).toBeNull();
  });

  it('refuses an oversized document', async () => {
    const refused = await authorize(devIssuer, `${docs}/big.json`);
    expect(refused.status).toBe(400);
    expect(refused.page).toContain('invalid_client');
    expect(hits).toContain('/big.json');
  });

  it('gives up on a document whose headers or body do not come in time', async () => {
    for (const path of ['/slow.json', '/trickle.json']) {
      const refused = await authorize(devIssuer, `${docs}${path}`);
      expect(refused.status, path).toBe(400);
      expect(refused.page, path).toContain('invalid_client');
      expect(hits).toContain(path);
    }
  });
});
