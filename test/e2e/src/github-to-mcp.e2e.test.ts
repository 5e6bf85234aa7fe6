import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eStack, startE2eStack } from './e2e-stack.js';
import { issuesOpened, signedGithubDelivery } from './github-deliveries.js';

describe('a GitHub webhook, found by an MCP client', () => {
  let stack: E2eStack;
  let client: Client;
  beforeAll(async () => {
    stack = await startE2eStack();
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${stack.apiKey}` } } }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  const postWebhook = async (payload: unknown): Promise<Response> =>
    fetch(stack.ingestUrl, await signedGithubDelivery(stack.webhookSecret, 'issues', payload));

  async function searchUntilFound(query: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await client.callTool({ name: 'search', arguments: { query } });
      const items = (result.structuredContent as { items: { id: string }[] }).items;
      if (items.length > 0) return result;
      if (Date.now() > deadline) throw new Error(`'${query}' was not searchable within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  it('finds the issue with search and its fixes #N edge with get_item', async () => {
    const target = issuesOpened();
    target.issue.number = 41;
    target.issue.title = 'Crash when the cache directory is missing';
    const fixing = issuesOpened();
    const repo = fixing.repository.full_name;
    fixing.issue.body = 'Creating the directory on start fixes #41, and also mentions the flaky spec quokka.';

    expect((await postWebhook(target)).status).toBe(202);
    expect((await postWebhook(fixing)).status).toBe(202);

    const found = await searchUntilFound('quokka');
    const [hit] = (found.structuredContent as { items: Record<string, unknown>[] }).items;
    const id = `github:issue:${repo}#${fixing.issue.number}`;
    expect(hit).toMatchObject({
      id,
      uri: `pipe://items/${encodeURIComponent(id)}`,
      url: expect.stringContaining(`/issues/${fixing.issue.number}`),
      title: fixing.issue.title,
      platform: 'github',
      kind: 'issue',
    });
    expect(found.content).toEqual([expect.objectContaining({ type: 'text', text: expect.stringContaining(id) })]);

    // The edge is written in the same transaction as the item, so it is there as soon as search finds it.
    const detail = await client.callTool({ name: 'get_item', arguments: { id } });
    const { edges } = detail.structuredContent as { edges: { outgoing: { type: string; ref: string; item: { id: string } | null }[] } };
    expect(edges.outgoing).toContainEqual(
      expect.objectContaining({
        type: 'CLOSES',
        ref: `github:${repo}#41`,
        item: expect.objectContaining({ id: `github:issue:${repo}#41` }),
      }),
    );
  });

  it("does not show the team's issues to another team's key", async () => {
    const body = issuesOpened();
    body.issue.body = 'a secret about the narwhal migration';
    await postWebhook(body);
    await searchUntilFound('narwhal');

    const strangerKey = await stack.addTeam('stranger');
    const stranger = new Client({ name: 'stranger', version: '1.0.0' });
    await stranger.connect(
      new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${strangerKey}` } } }),
    );
    const search = await stranger.callTool({ name: 'search', arguments: { query: 'narwhal' } });
    expect((search.structuredContent as { items: unknown[] }).items).toEqual([]);
    const id = `github:issue:${body.repository.full_name}#${body.issue.number}`;
    const get = await stranger.callTool({ name: 'get_item', arguments: { id } });
    expect(get.isError).toBe(true);
    await stranger.close();
  });
});
