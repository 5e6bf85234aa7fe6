import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  LATEST_PROTOCOL_VERSION,
  ResourceUpdatedNotificationSchema,
  type ResourceUpdatedNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { publishChangeNotice } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { type CreatedTeam, SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type ChangeNotice, type ItemChange, itemUri } from '@pipe/events';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.js';
import { ChangeLog } from './changes/change-log.js';
import { changeNotice as notice, connectClient } from './testing/fixtures.js';
import { BETA_ITEM, ISSUE, JIRA, PR, SLACK, seedGraph } from './testing/seed-graph.js';
import { openNotificationStream } from './testing/sse.js';
import type { FeedMessage } from './ws-feed.js';

const change = (itemId: string, container: string | null = 'octo/demo'): ItemChange => ({
  itemId,
  platform: 'github',
  kind: 'issue',
  container,
  change: 'upserted',
});

function collect(client: Client): ResourceUpdatedNotification['params'][] {
  const seen: ResourceUpdatedNotification['params'][] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(n.params));
  return seen;
}

describe('resources, subscriptions and notifications over PIPE_CHANGES', () => {
  let t: TestDb;
  let bus: TestBus;
  let gatewayA: FastifyInstance;
  let gatewayB: FastifyInstance;
  let urlA: string;
  let urlB: string;
  let acme: CreatedTeam;
  let beta: CreatedTeam;
  const clients: Client[] = [];
  const publish = (n: ChangeNotice) => publishChangeNotice(bus.js, bus.names, n);

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    const box = new SecretBox(randomBytes(32));
    acme = await createTeam(t.db, box, 'acme');
    beta = await createTeam(t.db, box, 'beta');
    await seedGraph(t.db);
    // Two gateway processes on the same database and stream, as behind a load balancer.
    gatewayA = buildApp({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    gatewayB = buildApp({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    urlA = `${await gatewayA.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    urlB = `${await gatewayB.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await gatewayA?.close();
    await gatewayB?.close();
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  const connect = async (url: string, key: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> => {
    const connected = await connectClient(url, key);
    clients.push(connected.client);
    return connected;
  };

  it('serves items as resources, with a template that completes ids of the team only', async () => {
    const { client } = await connect(urlA, acme.apiKey);
    const read = await client.readResource({ uri: itemUri(PR) });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ item: { id: PR, title: 'Pin buildx' } });
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate).sort()).toEqual([
      'pipe://containers/{container}',
      'pipe://items/{id}',
      'pipe://items/{id}/body/{offset}',
      'pipe://people/{personId}',
    ]);
    const completion = await client.complete({
      ref: { type: 'ref/resource', uri: 'pipe://items/{id}' },
      argument: { name: 'id', value: 'github:pull' },
    });
    expect(completion.completion.values).toEqual([PR]);
    const container = await client.readResource({ uri: 'pipe://containers/C2' });
    expect((container.contents[0] as { text: string }).text).toContain(SLACK);

    const { client: betaClient } = await connect(urlA, beta.apiKey);
    await expect(betaClient.readResource({ uri: itemUri(PR) })).rejects.toThrow(/not found/i);
    await expect(betaClient.readResource({ uri: 'pipe://containers/C2' })).rejects.toThrow(/not found/i);
    const betaCompletion = await betaClient.complete({
      ref: { type: 'ref/resource', uri: 'pipe://items/{id}' },
      argument: { name: 'id', value: 'github:pull' },
    });
    expect(betaCompletion.completion.values).toEqual([]);
    await expect(betaClient.subscribeResource({ uri: 'https://example.com/x' })).rejects.toThrow(/uri: .*not a Pipe resource/);
  });

  it('notifies a subscriber of its team’s changes only, for items, containers and people, in order', async () => {
    const { client } = await connect(urlA, acme.apiKey);
    const seen = collect(client);
    await client.subscribeResource({ uri: itemUri(ISSUE) });
    await client.subscribeResource({ uri: 'pipe://containers/ACME' });
    await client.subscribeResource({ uri: 'pipe://people/github%3A1' });
    // A beta client subscribing to acme's item by a guessed id hears nothing.
    const { client: betaClient } = await connect(urlA, beta.apiKey);
    const betaSeen = collect(betaClient);
    await betaClient.subscribeResource({ uri: itemUri(ISSUE) });
    await betaClient.subscribeResource({ uri: itemUri(BETA_ITEM) });

    await publish(notice('beta', [change(ISSUE), change('github:issue:octo/other#1')]));
    await publish(
      notice('acme', [change('github:issue:octo/unrelated#5', 'octo/unrelated'), change(ISSUE), change(JIRA, 'ACME'), change(PR)]),
    );
    await publish(notice('beta', [change(BETA_ITEM, 'beta/app')]));

    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen.map((n) => [n.uri, n._meta?.['pipe/subscription']])).toEqual([
      [itemUri(ISSUE), itemUri(ISSUE)],
      [itemUri(JIRA), 'pipe://containers/ACME'],
      // The PR's author is mona (github:1), so the person subscription matches it.
      [itemUri(PR), 'pipe://people/github%3A1'],
    ]);
    await vi.waitFor(() => expect(betaSeen.map((n) => n.uri)).toEqual([itemUri(ISSUE), itemUri(BETA_ITEM)]));
    // Beta's first notification came from beta's own notice (beta can have an item with that id), never from acme's.
    expect(betaSeen[0]?._meta?.['pipe/changeSeq']).toBeLessThan(seen[0]?._meta?.['pipe/changeSeq'] as number);

    await client.unsubscribeResource({ uri: itemUri(ISSUE) });
    await publish(notice('acme', [change(ISSUE), change(JIRA, 'ACME')]));
    // The issue is still heard of, now through the person subscription (mona wrote it).
    await vi.waitFor(() => expect(seen).toHaveLength(5));
    expect(seen.slice(3).map((n) => [n.uri, n._meta?.['pipe/subscription']])).toEqual([
      [itemUri(ISSUE), 'pipe://people/github%3A1'],
      [itemUri(JIRA), 'pipe://containers/ACME'],
    ]);
  });

  it('replays what a client missed when it reconnects with Last-Event-ID, even to another gateway process', async () => {
    const { client, transport } = await connect(urlA, acme.apiKey);
    await client.subscribeResource({ uri: itemUri(SLACK) });
    const sessionId = transport.sessionId ?? '';
    const headers = {
      authorization: `Bearer ${acme.apiKey}`,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
    };
    // The SDK client's own GET stream would receive these too; this raw stream stands in for a client that then drops.
    await transport.close();

    const streamA = await openNotificationStream(urlA, headers);
    expect(streamA.status).toBe(200);
    await publish(notice('acme', [change(SLACK, 'C2')]));
    const first = await streamA.next();
    expect(first.id).toMatch(/^c\.\d+\.0$/);
    expect(JSON.parse(first.data)).toMatchObject({ method: 'notifications/resources/updated', params: { uri: itemUri(SLACK) } });
    streamA.close();

    // While disconnected: two more changes of the item, and noise.
    await publish(notice('acme', [change(PR), change(SLACK, 'C2')]));
    await publish(notice('beta', [change(SLACK, 'C2')]));
    await publish(notice('acme', [change(SLACK, 'C2')]));

    // Gateway B never saw this session: it rebuilds it from the store and replays from PIPE_CHANGES.
    const streamB = await openNotificationStream(urlB, { ...headers, 'last-event-id': first.id ?? '' });
    expect(streamB.status).toBe(200);
    const missed = [await streamB.next(), await streamB.next()];
    expect(missed.map((e) => JSON.parse(e.data).params.uri)).toEqual([itemUri(SLACK), itemUri(SLACK)]);
    const seqs = missed.map((e) => Number(e.id?.split('.')[1]));
    expect(seqs[0]).toBeGreaterThan(Number(first.id?.split('.')[1]));
    expect(seqs[1]).toBeGreaterThan(seqs[0] as number);
    // And it goes on live from there.
    await publish(notice('acme', [change(SLACK, 'C2')]));
    expect(JSON.parse((await streamB.next()).data).params.uri).toBe(itemUri(SLACK));
    streamB.close();

    // Another team's key cannot resume the session, on either process.
    const stolen = await openNotificationStream(urlB, {
      ...headers,
      authorization: `Bearer ${beta.apiKey}`,
      'last-event-id': first.id ?? '',
    });
    expect(stolen.status).toBe(404);
    stolen.close();
  });

  it('feeds a WebSocket with the team’s changes, filtered, resumable from a cursor', async () => {
    const before = Number((await bus.jsm.streams.info(bus.names.changes)).state.last_seq);
    await publish(notice('acme', [change(ISSUE), change(JIRA, 'ACME')]));
    await publish(notice('beta', [change(BETA_ITEM, 'beta/app')]));

    const messages: FeedMessage[] = [];
    const socket = await gatewayA.injectWS(`/feed?after=${before}&container=ACME`, {
      headers: { host: 'localhost', authorization: `Bearer ${acme.apiKey}` },
    });
    socket.on('message', (data: Buffer) => void messages.push(JSON.parse(data.toString()) as FeedMessage));
    await vi.waitFor(() => expect(messages.some((m) => m.type === 'ready')).toBe(true));
    await publish(notice('acme', [change(PR), change(JIRA, 'ACME')]));
    await vi.waitFor(() => expect(messages.filter((m) => m.type === 'change')).toHaveLength(2));
    const changes = messages.flatMap((m) => (m.type === 'change' ? m.changes.map((c) => c.itemId) : []));
    expect(changes).toEqual([JIRA, JIRA]);
    socket.terminate();

    const betaMessages: FeedMessage[] = [];
    const betaSocket = await gatewayA.injectWS(`/feed?after=${before}`, {
      headers: { host: 'localhost', authorization: `Bearer ${beta.apiKey}` },
    });
    betaSocket.on('message', (data: Buffer) => void betaMessages.push(JSON.parse(data.toString()) as FeedMessage));
    await vi.waitFor(() => expect(betaMessages.some((m) => m.type === 'ready')).toBe(true));
    expect(betaMessages.flatMap((m) => (m.type === 'change' ? m.changes.map((c) => c.itemId) : []))).toEqual([BETA_ITEM]);
    betaSocket.terminate();

    await expect(gatewayA.injectWS('/feed', { headers: { host: 'localhost', authorization: 'Bearer nope' } })).rejects.toThrow(/401/);
  });
});
