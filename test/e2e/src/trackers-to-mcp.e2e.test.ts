import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type FakeNotionApi, jiraFixture, linearFixture, notionFixture, startFakeNotionApi } from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TrackersStack, startTrackersStack } from './trackers-stack.js';

const NOTION_PAGE = '153104cd-477e-809d-8dc4-ff2d96ae3090';
const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('Jira, Linear and Notion webhooks, found by an MCP client', () => {
  let stack: TrackersStack;
  let client: Client;
  let notionApi: FakeNotionApi;
  let deliveries = 0;

  beforeAll(async () => {
    notionApi = await startFakeNotionApi(
      {
        [NOTION_PAGE]: {
          title: 'Quokka launch plan',
          paragraphs: ['Ship once JRA-20002 and LIN-1778 are done.'],
          lastEditedTime: '2024-12-05T23:55:00.000Z',
        },
      },
      'ntn_e2e',
    );
    stack = await startTrackersStack({ notionApiBaseUrl: notionApi.baseUrl });
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${stack.apiKey}` } } }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
    await notionApi?.close();
  });

  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const jira = (payload: unknown) => {
    const body = JSON.stringify(payload);
    deliveries += 1;
    return post(stack.urls.jira, body, {
      'x-hub-signature': `sha256=${hmac(stack.secrets.jira, body)}`,
      'x-atlassian-webhook-identifier': `e2e-${deliveries}`,
    });
  };
  const linear = (payload: Record<string, unknown>) => {
    const body = JSON.stringify({ ...payload, webhookTimestamp: Date.now() });
    deliveries += 1;
    return post(stack.urls.linear, body, {
      'linear-signature': hmac(stack.secrets.linear, body),
      'linear-delivery': `e2e-${deliveries}`,
      'linear-event': String(payload.type),
    });
  };

  async function searchUntilFound(
    query: string,
    timeoutMs = 10_000,
  ): Promise<{ id: string; platform: string; kind: string; title: string }[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await client.callTool({ name: 'search', arguments: { query } });
      const items = (result.structuredContent as { items: { id: string; platform: string; kind: string; title: string }[] }).items;
      if (items.length > 0) return items;
      if (Date.now() > deadline) throw new Error(`'${query}' was not searchable within ${timeoutMs} ms`);
      await sleep(20);
    }
  }
  type OutgoingEdge = { type: string; ref: string; item: { id: string } | null };
  /** The item's outgoing edges, from `get_item`'s neighbour groups (or its older `edges.outgoing`). */
  async function outgoing(id: string): Promise<OutgoingEdge[]> {
    const detail = await client.callTool({ name: 'get_item', arguments: { id } });
    const content = detail.structuredContent as {
      neighbours?: { direction: string; edges: OutgoingEdge[] }[];
      edges?: { outgoing: OutgoingEdge[] };
    };
    if (content.neighbours) return content.neighbours.filter((group) => group.direction === 'outgoing').flatMap((group) => group.edges);
    return content.edges?.outgoing ?? [];
  }
  async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > deadline) return value;
      await sleep(20);
    }
  }

  it('Jira: a signed issue is searchable, and an issue link is a BLOCKS edge in get_item', async () => {
    const blocked = jiraFixture('issue-created');
    blocked.issue.id = '99292';
    blocked.issue.key = 'JRA-20003';
    blocked.issue.fields.summary = 'Profile the issue navigator';
    expect((await jira(jiraFixture('issue-created'))).status).toBe(202);
    expect((await jira(blocked)).status).toBe(202);
    expect((await jira(jiraFixture('comment-created'))).status).toBe(202);
    expect((await jira(jiraFixture('issuelink-created'))).status).toBe(202);

    // The issue's comment quotes its title too, so either may rank first: look for the issue.
    const hits = await until(
      () => searchUntilFound('"need for speed"'),
      (list) => list.some((item) => item.id === 'jira:issue:JRA-20002'),
    );
    expect(hits).toContainEqual(
      expect.objectContaining({ id: 'jira:issue:JRA-20002', platform: 'jira', kind: 'issue', title: 'I feel the need for speed' }),
    );
    const edges = await until(
      () => outgoing('jira:issue:JRA-20002'),
      (list) => list.some((edge) => edge.type === 'BLOCKS'),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ type: 'BLOCKS', ref: 'key:JRA-20003', item: expect.objectContaining({ id: 'jira:issue:JRA-20003' }) }),
    );
    const comment = await until(
      () => outgoing('jira:comment:JRA-20002/252789'),
      (list) => list.length > 0,
    );
    expect(comment).toContainEqual(
      expect.objectContaining({ type: 'REPLIES_TO', item: expect.objectContaining({ id: 'jira:issue:JRA-20002' }) }),
    );
  });

  it('Linear: a signed issue is searchable, with the key its text names and its relation as edges', async () => {
    const blocker = linearFixture('issue-create');
    Object.assign(blocker.data, {
      id: '5a0cd2b8-3f2e-4b5a-9f61-0a7c1d9e2b33',
      identifier: 'LIN-1777',
      number: 1777,
      title: 'Index the issue table',
      description: '',
    });
    expect((await linear(linearFixture('issue-create'))).status).toBe(202);
    expect((await linear(blocker)).status).toBe(202);
    expect((await linear(linearFixture('issue-relation-create'))).status).toBe(202);

    const [hit] = await searchUntilFound('"design notes"');
    expect(hit).toMatchObject({ id: 'linear:issue:LIN-1778', platform: 'linear', kind: 'issue' });
    // The description says "Blocked by LIN-1777": the projector reads the key out of the text.
    const text = await until(
      () => outgoing('linear:issue:LIN-1778'),
      (list) => list.some((edge) => edge.ref === 'key:LIN-1777' && edge.item !== null),
    );
    expect(text).toContainEqual(
      expect.objectContaining({ type: 'REFERENCES', ref: 'key:LIN-1777', item: expect.objectContaining({ id: 'linear:issue:LIN-1777' }) }),
    );
    const relation = await until(
      () => outgoing('linear:issue:LIN-1777'),
      (list) => list.some((edge) => edge.type === 'BLOCKS'),
    );
    expect(relation).toContainEqual(
      expect.objectContaining({ type: 'BLOCKS', ref: 'key:LIN-1778', item: expect.objectContaining({ id: 'linear:issue:LIN-1778' }) }),
    );
  });

  it("Notion: after the handshake, a signed page event becomes a searchable page with its fetched text's edges", async () => {
    const verification = notionFixture('verification');
    expect((await post(stack.urls.notion, JSON.stringify(verification), {})).status).toBe(200);
    await stack.setNotionApiToken('ntn_e2e');
    const body = JSON.stringify(notionFixture('page.created'));
    const response = await post(stack.urls.notion, body, { 'x-notion-signature': `sha256=${hmac(verification.verification_token, body)}` });
    expect(response.status).toBe(202);
    await stack.notionFetchesIdle();

    const [hit] = await searchUntilFound('quokka');
    expect(hit).toMatchObject({ id: `notion:page:${NOTION_PAGE}`, platform: 'notion', kind: 'page', title: 'Quokka launch plan' });
    const edges = await until(
      () => outgoing(`notion:page:${NOTION_PAGE}`),
      (list) => list.filter((edge) => edge.type === 'REFERENCES' && edge.item).length >= 2,
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ type: 'REFERENCES', ref: 'key:JRA-20002', item: expect.objectContaining({ id: 'jira:issue:JRA-20002' }) }),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ type: 'REFERENCES', ref: 'key:LIN-1778', item: expect.objectContaining({ id: 'linear:issue:LIN-1778' }) }),
    );
  });
});
