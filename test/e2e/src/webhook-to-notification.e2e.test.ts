import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { itemUri } from '@pipe/events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type E2eStack, startE2eStack } from './e2e-stack.js';
import { issuesOpened, signedGithubDelivery } from './github-deliveries.js';

async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: 'e2e-notifications', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return client;
}

describe('a GitHub webhook, pushed to a subscribed MCP client', () => {
  let stack: E2eStack;
  let client: Client;
  let stranger: Client;
  beforeAll(async () => {
    stack = await startE2eStack();
    client = await connect(stack.mcpUrl, stack.apiKey);
    stranger = await connect(stack.mcpUrl, await stack.addTeam('globex'));
  });
  afterAll(async () => {
    await client?.close();
    await stranger?.close();
    await stack?.stop();
  });

  it('notifies the subscriber once the projector committed the issue, and nobody of another team', async () => {
    const payload = issuesOpened();
    payload.issue.number = 77;
    const repo = payload.repository.full_name;
    const id = `github:issue:${repo}#77`;
    const updates: string[] = [];
    const strangerUpdates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
    stranger.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void strangerUpdates.push(n.params.uri));
    await client.subscribeResource({ uri: itemUri(id) });
    await stranger.subscribeResource({ uri: itemUri(id) });
    await stranger.subscribeResource({ uri: `pipe://containers/${encodeURIComponent(repo)}` });

    const response = await fetch(stack.ingestUrl, await signedGithubDelivery(stack.webhookSecret, 'issues', payload));
    expect(response.status).toBe(202);
    await vi.waitFor(() => expect(updates).toContain(itemUri(id)), { timeout: 10_000 });
    // The notified item is readable at once: the notice is sent after the commit.
    const read = await client.readResource({ uri: itemUri(id) });
    expect((read.contents[0] as { text: string }).text).toContain(`"id":"${id}"`);
    expect(strangerUpdates).toEqual([]);
  });
});
