import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { type CreatedTeam, type Database, SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { itemRef, itemUri } from '@pipe/events';
import type { FastifyInstance } from 'fastify';
import type { Insertable, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { BODY_LIMIT } from './items/item-shapes.js';
import type { GetItemOutput } from './tools/get-item-tool.js';
import type { SearchOutput } from './tools/search-tool.js';

const ISSUE = 'github:issue:octo/demo#7';
const PR = 'github:pull_request:octo/demo#8';
const SLACK = 'slack:message:T1/C2/1700000000.000100';

let seq = 0;
async function insertItem(db: Kysely<Database>, team: string, id: string, fields: Partial<Insertable<Database['items']>> = {}): Promise<void> {
  seq += 1;
  const [platform = 'github', kind = 'issue'] = id.split(':');
  await db
    .insertInto('items')
    .values({
      team,
      id,
      ref: itemRef(id),
      platform,
      kind,
      title: id,
      body: '',
      url: `https://example.test/${encodeURIComponent(id)}`,
      state: 'open',
      container: 'octo/demo',
      created_at: '2025-01-01T00:00:00Z',
      updated_at: new Date(Date.UTC(2025, 0, 1, 0, seq)),
      version: 1,
      event_id: `evt-${seq}`,
      event_seq: seq,
      ...fields,
    })
    .execute();
}

async function insertEdge(db: Kysely<Database>, team: string, fromId: string, toRef: string, type: string, rule: string, snippet: string): Promise<void> {
  await db
    .insertInto('edges')
    .values({ team, from_id: fromId, to_ref: toRef, type, origin: 'text', rule, snippet, event_id: `evt-edge-${fromId}-${toRef}` })
    .execute();
}

async function connect(baseUrl: string, key: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'gateway-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return { client, transport };
}

async function search(client: Client, args: Record<string, unknown>): Promise<SearchOutput> {
  const result = await client.callTool({ name: 'search', arguments: args });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as SearchOutput;
}

describe('the MCP tools', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let baseUrl: string;
  let acme: CreatedTeam;
  let beta: CreatedTeam;
  let acmeClient: Client;
  let acmeTransport: StreamableHTTPClientTransport;
  let betaClient: Client;

  beforeAll(async () => {
    t = await createTestDb();
    const box = new SecretBox(randomBytes(32));
    acme = await createTeam(t.db, box, 'acme');
    beta = await createTeam(t.db, box, 'beta');

    await insertItem(t.db, 'acme', ISSUE, {
      title: 'Deploy pipeline fails on arm64',
      body: 'The deploy pipeline crashes while building arm64 images with a segfault in qemu. Workaround: pin buildx.',
      author_handle: 'mona',
    });
    await insertItem(t.db, 'acme', PR, { title: 'Pin buildx', body: 'fixes #7 and see ACME-12', state: 'merged' });
    await insertItem(t.db, 'acme', SLACK, { title: 'message in #eng', body: 'PR #8 is ready for review', container: 'C2' });
    await insertEdge(t.db, 'acme', PR, itemRef(ISSUE), 'CLOSES', 'fixes-number', 'fixes #7');
    await insertEdge(t.db, 'acme', PR, 'jira:issue:ACME-12', 'REFERENCES', 'jira-key', 'ACME-12');
    await insertEdge(t.db, 'acme', SLACK, itemRef(PR), 'REFERENCES', 'hash-number', 'PR #8');
    await insertItem(t.db, 'acme', 'github:issue:octo/demo#9', { title: 'segfault on arm64 again', body: 'gone', removed_at: new Date() });
    for (let n = 100; n < 112; n += 1) {
      await insertItem(t.db, 'acme', `github:issue:octo/flaky#${n}`, { title: `Flaky test ${n}`, body: 'the integration suite is flaky' });
    }
    await insertItem(t.db, 'acme', 'notion:page:long', { title: 'Runbook', body: 'x'.repeat(BODY_LIMIT + 500) });
    await insertItem(t.db, 'beta', 'github:issue:beta/app#1', { title: 'Beta arm64 crash', body: 'arm64 images crash in qemu' });

    app = buildApp({ db: t.db, logLevel: 'silent' });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    ({ client: acmeClient, transport: acmeTransport } = await connect(baseUrl, acme.apiKey));
    ({ client: betaClient } = await connect(baseUrl, beta.apiKey));
  });

  afterAll(async () => {
    await acmeClient?.close();
    await betaClient?.close();
    await app?.close();
    await t?.cleanup();
  });

  it('negotiates the latest protocol version the SDK supports', () => {
    expect(LATEST_PROTOCOL_VERSION).toBe('2025-11-25');
    expect(acmeTransport.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(acmeClient.getServerVersion()?.name).toBe('pipe');
  });

  it('lists read-only tools with input and output schemas', async () => {
    const { tools } = await acmeClient.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['get_item', 'search']);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint).toBe(true);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
    }
  });

  it('finds an item by words of its body, with what a client needs to show and fetch it', async () => {
    const result = await acmeClient.callTool({ name: 'search', arguments: { query: 'segfault qemu' } });
    const output = result.structuredContent as SearchOutput;
    expect(output.items.map((item) => item.id)).toEqual([ISSUE]);
    expect(output.items[0]).toMatchObject({
      id: ISSUE,
      uri: itemUri(ISSUE),
      url: `https://example.test/${encodeURIComponent(ISSUE)}`,
      title: 'Deploy pipeline fails on arm64',
      platform: 'github',
      kind: 'issue',
      state: 'open',
      container: 'octo/demo',
      updatedAt: expect.stringMatching(/^2025-01-01T/),
    });
    expect(output.items[0]?.snippet).toContain('<b>segfault</b>');
    expect(output.nextCursor).toBeNull();
    const text = result.content as Array<{ type: string; text: string }>;
    expect(text[0]?.text).toContain(ISSUE);
  });

  it('leaves removed items out of search', async () => {
    const output = await search(acmeClient, { query: 'segfault' });
    expect(output.items.map((item) => item.id)).not.toContain('github:issue:octo/demo#9');
  });

  it('pages through every result with nextCursor, without overlap', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const output = await search(acmeClient, { query: 'flaky', limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...output.items.map((item) => item.id));
      cursor = output.nextCursor ?? undefined;
      pages += 1;
      expect(pages).toBeLessThan(5);
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it('rejects a cursor of another query with an error that says what to do', async () => {
    const first = await search(acmeClient, { query: 'flaky', limit: 5 });
    const result = await acmeClient.callTool({ name: 'search', arguments: { query: 'arm64', cursor: first.nextCursor } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/INVALID_CURSOR.*different query/);
  });

  it('returns an item with its outgoing and incoming edges', async () => {
    const result = await acmeClient.callTool({ name: 'get_item', arguments: { id: PR } });
    expect(result.isError).toBeFalsy();
    const output = result.structuredContent as GetItemOutput;
    expect(output.item).toMatchObject({ id: PR, title: 'Pin buildx', body: 'fixes #7 and see ACME-12', bodyTruncated: false, removed: false });
    expect(output.edges.outgoing).toEqual([
      {
        type: 'CLOSES',
        rule: 'fixes-number',
        origin: 'text',
        snippet: 'fixes #7',
        ref: 'github:octo/demo#7',
        item: expect.objectContaining({ id: ISSUE, title: 'Deploy pipeline fails on arm64', uri: itemUri(ISSUE) }),
      },
      { type: 'REFERENCES', rule: 'jira-key', origin: 'text', snippet: 'ACME-12', ref: 'jira:issue:ACME-12', item: null },
    ]);
    expect(output.edges.incoming).toEqual([
      expect.objectContaining({ type: 'REFERENCES', ref: SLACK, item: expect.objectContaining({ id: SLACK, platform: 'slack', kind: 'message' }) }),
    ]);
    expect(output.edges.totals).toEqual({ outgoing: 2, incoming: 1 });

    const issue = (await acmeClient.callTool({ name: 'get_item', arguments: { id: ISSUE } })).structuredContent as GetItemOutput;
    expect(issue.item.author).toBe('mona');
    expect(issue.edges.incoming).toEqual([expect.objectContaining({ type: 'CLOSES', ref: PR, item: expect.objectContaining({ id: PR }) })]);
  });

  it('caps a long body and says so', async () => {
    const output = (await acmeClient.callTool({ name: 'get_item', arguments: { id: 'notion:page:long' } })).structuredContent as GetItemOutput;
    expect(output.item.body).toHaveLength(BODY_LIMIT);
    expect(output.item.bodyTruncated).toBe(true);
  });

  it('answers an unknown id with a tool error that suggests search', async () => {
    const result = await acmeClient.callTool({ name: 'get_item', arguments: { id: 'github:issue:octo/demo#404' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/ITEM_NOT_FOUND.*search/);
  });

  it('keeps every team to its own items', async () => {
    const betaResults = await search(betaClient, { query: 'arm64' });
    expect(betaResults.items.map((item) => item.id)).toEqual(['github:issue:beta/app#1']);
    const acmeResults = await search(acmeClient, { query: 'arm64' });
    expect(acmeResults.items.map((item) => item.id)).not.toContain('github:issue:beta/app#1');

    const stolen = await betaClient.callTool({ name: 'get_item', arguments: { id: ISSUE } });
    expect(stolen.isError).toBe(true);
    expect(JSON.stringify(stolen)).not.toContain('Deploy pipeline');
  });

  it('rejects invalid arguments with an error naming the field', async () => {
    const tooMany = await acmeClient.callTool({ name: 'search', arguments: { query: 'arm64', limit: 500 } });
    expect(tooMany.isError).toBe(true);
    expect(JSON.stringify(tooMany.content)).toMatch(/Invalid arguments for tool search.*limit/);

    const empty = await acmeClient.callTool({ name: 'search', arguments: { query: '' } });
    expect(empty.isError).toBe(true);
    expect(JSON.stringify(empty.content)).toMatch(/query/);

    const missing = await acmeClient.callTool({ name: 'get_item', arguments: {} });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toMatch(/id/);
  });
});
