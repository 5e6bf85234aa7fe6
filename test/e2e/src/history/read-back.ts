import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/** Where a deleted text was still served, and what was asked. */
export interface ReadBack {
  tool: string;
  arguments: Record<string, unknown>;
  /** Set when the tool refused the question (then it was not checked: a failure too). */
  error?: string;
}

/** A tool's refusal, as its text says it. */
class ToolRefused extends Error {
  override name = 'ToolRefused';
}

/** Calls a tool and every further page of it (`nextCursor`), at most `pages` calls. */
async function allPages(client: Client, name: string, args: Record<string, unknown>, pages = 10): Promise<string[]> {
  const texts: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < pages; page += 1) {
    const result = await client.callTool({ name, arguments: cursor ? { ...args, cursor } : args });
    if (result.isError && name !== 'get_item') throw new ToolRefused(JSON.stringify(result.content).slice(0, 300));
    texts.push(JSON.stringify(result));
    cursor = (result.structuredContent as { nextCursor?: string | null } | undefined)?.nextCursor ?? null;
    if (!cursor) break;
  }
  return texts;
}

/**
 * Asks the gateway, as an assistant would, for everything that could still carry a deleted text —
 * `search` for it, the whole `timeline`, `changes_since` from the start, `team_context`, `people`
 * with their recent activity, and `get_item` of each deleted item — and names each answer that
 * still contains `marker`.
 */
export async function readBackDeletedText(client: Client, marker: string, removedItems: readonly string[]): Promise<ReadBack[]> {
  const asks: { tool: string; arguments: Record<string, unknown> }[] = [
    { tool: 'search', arguments: { query: marker } },
    { tool: 'timeline', arguments: { limit: 100 } },
    { tool: 'changes_since', arguments: { limit: 200 } },
    { tool: 'team_context', arguments: {} },
    { tool: 'people', arguments: { recent: 10, limit: 50 } },
    ...removedItems.map((id) => ({ tool: 'get_item', arguments: { id } })),
  ];
  const found: ReadBack[] = [];
  for (const ask of asks) {
    try {
      const texts = await answersTo(client, ask.tool, ask.arguments);
      if (texts.some((text) => text.toLowerCase().includes(marker.toLowerCase()))) found.push(ask);
    } catch (error) {
      if (!(error instanceof ToolRefused)) throw error;
      found.push({ ...ask, error: error.message });
    }
  }
  return found;
}

/** The answers to one question, as text (every page of a list). */
async function answersTo(client: Client, tool: string, args: Record<string, unknown>): Promise<string[]> {
  if (tool === 'search') {
    // The answer repeats the query; what counts is whether any item matched it.
    const result = await client.callTool({ name: tool, arguments: args });
    if (result.isError) throw new ToolRefused(JSON.stringify(result.content).slice(0, 300));
    return [JSON.stringify((result.structuredContent as { items?: unknown[] } | undefined)?.items ?? [])];
  }
  // changes_since's first call answers only the current cursor: start from the beginning instead.
  if (tool === 'changes_since') return allPages(client, tool, { ...args, cursor: '0' }, 1);
  return allPages(client, tool, args);
}
