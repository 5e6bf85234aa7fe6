import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Database } from '@pipe/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ItemSummary } from '../items/item-shapes.js';
import { InvalidCursorError, decodeSearchCursor, encodeSearchCursor } from '../items/search-cursor.js';
import { searchItems } from '../items/search-items.js';
import { ToolFailure, runTool, toolSuccess } from './tool-result.js';

/** The arguments of `search`. */
export const SearchInput = z.object({
  query: z.string().min(1).describe('words to look for; supports "quoted phrases", or, and -excluded words'),
  limit: z.number().int().min(1).max(50).default(10).describe('results per page, 1 to 50 (default 10)'),
  cursor: z.string().optional().describe('the nextCursor of a previous search with the same query, for the next page'),
});

/** The result of `search`. */
export const SearchOutput = z.object({
  items: z.array(ItemSummary),
  nextCursor: z.string().nullable().describe('pass it as cursor to get the next page; null when there are no more results'),
});
/** The result of `search`. */
export type SearchOutput = z.infer<typeof SearchOutput>;

/** The compact text form of a page of results. */
function searchText(query: string, output: SearchOutput): string {
  if (output.items.length === 0) return `No items match "${query}".`;
  const lines = output.items.map((item) => {
    const state = item.state === null ? '' : ` [${item.state}]`;
    const url = item.url === null ? '' : ` ${item.url}`;
    return `- ${item.id}${state} ${item.title}${url}`;
  });
  const more = output.nextCursor === null ? 'No more results.' : `More results: call search again with cursor "${output.nextCursor}".`;
  const count = output.items.length === 1 ? '1 item matches' : `${output.items.length} items match`;
  return [`${count} "${query}":`, ...lines, more].join('\n');
}

/** Registers `search`: full-text search over the caller's team's items. */
export function registerSearchTool(server: McpServer, deps: { db: Kysely<Database>; team: string; log: FastifyBaseLogger }): void {
  server.registerTool(
    'search',
    {
      title: 'Search items',
      description:
        'Full-text search over the team’s issues, pull requests, commits, reviews, comments, chat messages, tickets and documents ' +
        'across every connected platform. Results are ranked best first; use get_item with a result’s id for the full text and links.',
      inputSchema: SearchInput,
      outputSchema: SearchOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(deps.log, 'search', async () => {
        let offset = 0;
        if (args.cursor !== undefined) {
          try {
            offset = decodeSearchCursor(args.query, args.cursor);
          } catch (error) {
            if (error instanceof InvalidCursorError) throw new ToolFailure(error.code, error.message, { cause: error });
            throw error;
          }
        }
        const page = await searchItems(deps.db, { team: deps.team, query: args.query, limit: args.limit, offset });
        const output: SearchOutput = {
          items: page.items,
          nextCursor: page.nextOffset === null ? null : encodeSearchCursor(args.query, page.nextOffset),
        };
        return toolSuccess(output, searchText(args.query, output));
      }),
  );
}
