import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/** Where a deleted text was still served, and what was asked. */
export interface ReadBack {
  tool: string;
  arguments: Record<string, unknown>;
}

/** Calls a tool and every further page of it (`nextCursor`), at most `pages` calls. */
async function allPages(client: Client, name: string, args: Record<string, unknown>, pages = 10): Promise<string[]> {
  const texts: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < pages; page += 1) {
    const result = await client.callTool({ name, arguments: cursor ? { ...args, cursor } : args });
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
    let texts: string[];
    if (ask.tool === 'search') {
      // The answer repeats the query; what counts is whether any item matched it.
      const result = await client.callTool({ name: ask.tool, arguments: ask.arguments });
      texts = [JSON.stringify((result.structuredContent as { items?: unknown[] } | undefined)?.items ?? [])];
    } else if (ask.tool === 'changes_since') {
      // The first call answers the current cursor only; start from the stream's beginning.
      texts = await allPages(client, ask.tool, { ...ask.arguments, cursor: '0' }, 1);
    } else {
      texts = await allPages(client, ask.tool, ask.arguments);
    }
    if (texts.some((text) => text.toLowerCase().includes(marker.toLowerCase()))) found.push(ask);
  }
  return found;
}
