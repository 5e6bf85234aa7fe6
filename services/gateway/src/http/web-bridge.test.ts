import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';

/** Sends one raw HTTP/1.1 request and collects the answer as the socket delivered it, chunk by chunk. */
function rawExchange(url: URL, request: string): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connectTcp(Number(url.port), url.hostname, () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // The chunked body's last chunk: the answer is complete.
      if (Buffer.concat(chunks).includes('\r\n0\r\n\r\n')) socket.end();
    });
    socket.on('end', () => resolve(chunks));
    socket.on('error', reject);
  });
}

describe('a tool call answer on the wire', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let mcp: URL;
  let apiKey: string;

  beforeAll(async () => {
    t = await createTestDb();
    apiKey = (await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme')).apiKey;
    app = buildApp({ db: t.db, logLevel: 'silent' });
    mcp = new URL('/mcp', await app.listen({ port: 0, host: '127.0.0.1' }));
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('leaves in one write: headers, the priming event and the result together', async () => {
    const headers = {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const init = await fetch(mcp, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'wire', version: '1' } },
      }),
    });
    await init.text();
    const session = init.headers.get('mcp-session-id') ?? '';
    const sessionHeaders = { ...headers, 'mcp-session-id': session, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION };
    await (
      await fetch(mcp, {
        method: 'POST',
        headers: sessionHeaders,
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      })
    ).text();

    const body = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'people', arguments: {} } });
    const request = [
      `POST ${mcp.pathname} HTTP/1.1`,
      `host: ${mcp.host}`,
      ...Object.entries(sessionHeaders).map(([name, value]) => `${name}: ${value}`),
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      '',
      body,
    ].join('\r\n');
    const chunks = await rawExchange(mcp, request);
    const answer = Buffer.concat(chunks).toString('utf8');
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    // The priming event (an id and a retry, no data) and the call's result are both in it.
    expect(answer).toMatch(/id: [^\n]+\nretry: \d+\ndata: \n\n/);
    expect(answer).toContain('"id":2');
    // The people tool reads Postgres, so the result comes turns after the priming event: one
    // write means the priming event waited for it.
    expect(chunks).toHaveLength(1);
  });
});
