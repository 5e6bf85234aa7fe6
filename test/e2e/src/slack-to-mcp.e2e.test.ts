import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { slackExample, slackSignedHeaders } from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eStack, startE2eStack } from './e2e-stack.js';

describe('a signed Slack thread, found by an MCP client', () => {
  let stack: E2eStack;
  let client: Client;
  beforeAll(async () => {
    stack = await startE2eStack();
    client = new Client({ name: 'e2e-slack', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${stack.apiKey}` } } }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  const postSlack = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return fetch(stack.webhookUrls.slack as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...slackSignedHeaders(stack.platformSecrets.slack as string, body) },
      body,
    });
  };

  async function searchUntilFound(query: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await client.callTool({ name: 'search', arguments: { query } });
      const items = (result.structuredContent as { items: { id: string }[] }).items;
      if (items.length > 0) return items;
      if (Date.now() > deadline) throw new Error(`'${query}' was not searchable within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  it('finds a thread reply with search, and its REPLIES_TO edge to the thread root with get_item', async () => {
    const root = slackExample('message');
    root.event_id = 'Ev0ROOT0001';
    root.event.text = 'Deploys to staging are failing since this morning';
    const reply = slackExample('message');
    reply.event_id = 'Ev0REPLY0001';
    reply.event.ts = '1355517600.000100';
    reply.event.event_ts = '1355517600.000100';
    reply.event.thread_ts = root.event.ts;
    reply.event.text = 'The wombat migration locked the deploy table; rolling it back now';

    expect((await postSlack(root)).status).toBe(200);
    expect((await postSlack(reply)).status).toBe(200);

    const [hit] = await searchUntilFound('wombat');
    const replyId = `slack:message:${reply.team_id}/${reply.event.channel}/${reply.event.ts}`;
    const rootId = `slack:message:${root.team_id}/${root.event.channel}/${root.event.ts}`;
    expect(hit).toMatchObject({ id: replyId, platform: 'slack', kind: 'message', url: expect.stringContaining('thread_ts=') });

    const detail = await client.callTool({ name: 'get_item', arguments: { id: replyId } });
    const { edges } = detail.structuredContent as { edges: { outgoing: { type: string; item: { id: string } | null }[] } };
    expect(edges.outgoing).toContainEqual(expect.objectContaining({ type: 'REPLIES_TO', item: expect.objectContaining({ id: rootId }) }));
  });
});
