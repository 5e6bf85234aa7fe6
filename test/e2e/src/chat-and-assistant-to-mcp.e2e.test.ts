import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { discordFixture, hookFixture, signDiscordDelivery } from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatAndAssistantStack, startChatAndAssistantStack } from './chat-and-assistant-stack.js';

type Edge = { type: string; ref: string; item: { id: string } | null };

describe('Discord messages and Claude Code sessions, found by an MCP client', () => {
  let stack: ChatAndAssistantStack;
  let client: Client;

  beforeAll(async () => {
    stack = await startChatAndAssistantStack();
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${stack.apiKey}` } } }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

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
  async function outgoing(id: string): Promise<Edge[]> {
    const detail = await client.callTool({ name: 'get_item', arguments: { id } });
    if (detail.isError || !detail.structuredContent) throw new Error(`get_item ${id} failed: ${JSON.stringify(detail.content)}`);
    return (detail.structuredContent as { edges: { outgoing: Edge[] } }).edges.outgoing;
  }
  /** The item's outgoing edges once one of `type` is among them (a later delivery's edge may still be on its way). */
  async function outgoingOnce(id: string, type: string, timeoutMs = 10_000): Promise<Edge[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const edges = await outgoing(id);
      if (edges.some((edge) => edge.type === type) || Date.now() > deadline) return edges;
      await sleep(20);
    }
  }

  it('Discord: a relayed, signed reply is searchable and REPLIES_TO the message it answers', async () => {
    const relay = (payload: unknown) => {
      const body = JSON.stringify(payload);
      return fetch(stack.urls.discord, { method: 'POST', headers: signDiscordDelivery(stack.relayKey, body), body });
    };
    const original = discordFixture('message-create');
    original.d.content = 'Is the platypus deploy done?';
    const reply = discordFixture('message-reply');
    reply.d.content = 'Yes, the echidna rollout finished';
    expect((await relay(original)).status).toBe(204);
    expect((await relay(reply)).status).toBe(204);

    const [hit] = await searchUntilFound('echidna');
    const replyId = 'discord:message:278325129692446720/290926798999357250/334385846245916673';
    const originalId = 'discord:message:278325129692446720/290926798999357250/334385199974967042';
    expect(hit).toMatchObject({ id: replyId, platform: 'discord', kind: 'message', title: 'Yes, the echidna rollout finished' });
    expect(await outgoing(replyId)).toContainEqual(
      expect.objectContaining({ type: 'REPLIES_TO', item: expect.objectContaining({ id: originalId }) }),
    );
  });

  it('Claude Code: hooks posted with the team key make a searchable session that TOUCHES its files and PRODUCED its commit', async () => {
    const sha = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
    const hook = (input: unknown, headers: Record<string, string> = {}) =>
      fetch(stack.urls.assistant, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${stack.apiKey}`,
          'x-pipe-git-remote': 'git@github.com:octo/numbat.git',
          'x-pipe-user': 'mona@example.com',
          ...headers,
        },
        body: JSON.stringify(input),
      });
    const session = 'e2e-session-7f3a';
    const cwd = '/home/mona/numbat';
    const start = { ...hookFixture('session-start'), session_id: session, cwd };
    const write: Record<string, unknown> = { ...hookFixture('post-tool-use'), session_id: session, cwd, tool_use_id: 'toolu_e2e_write' };
    write.tool_input = { file_path: `${cwd}/src/wallaby-cache.ts`, content: 'export const cache = new Map();' };
    const commit = { ...hookFixture('post-tool-use-git-commit'), session_id: session, cwd };
    expect((await hook(start)).status).toBe(202);
    expect((await hook(write)).status).toBe(202);
    expect((await hook(commit, { 'x-pipe-git-head': sha })).status).toBe(202);
    expect((await hook(write)).status).toBe(202);

    const [file] = await searchUntilFound('wallaby');
    expect(file).toMatchObject({ id: 'assistant:file:octo/numbat/src/wallaby-cache.ts', platform: 'assistant', kind: 'file' });
    const sessions = await searchUntilFound('session');
    expect(sessions).toContainEqual(expect.objectContaining({ id: `assistant:session:${session}`, kind: 'session' }));

    // The commit arrived in a later delivery than the file: wait for its edge before looking.
    const edges = await outgoingOnce(`assistant:session:${session}`, 'PRODUCED');
    expect(edges).toContainEqual(expect.objectContaining({ type: 'TOUCHES', item: expect.objectContaining({ id: file!.id }) }));
    expect(edges).toContainEqual(expect.objectContaining({ type: 'PRODUCED', ref: `github:commit:octo/numbat@${sha}` }));

    const stranger = await fetch(stack.urls.assistant, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer pipe_wrong' },
      body: JSON.stringify(start),
    });
    expect(stranger.status).toBe(401);
  });
});
