import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ItemSummary } from '../items/item-shapes.js';
import { resolvePerson } from '../queries/resolve-person.js';
import { SEARCH_CANDIDATE_CAP, searchItems } from '../search/search-items.js';
import { cursorScope, decodeCursor, keyString } from './cursor.js';
import { ItemFilters, pagingArgs } from './filters.js';
import { PageFields, moreLine, paginate } from './page.js';
import { type ToolDeps, ToolFailure, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { toolInput } from './tool-schema.js';

/** The arguments of `search`. */
export const SearchInput = toolInput({
  query: z.string().min(1).max(500).describe('words to look for; supports "quoted phrases", or, and -excluded words'),
  ...ItemFilters,
  ...pagingArgs(10, 50),
});

/** The result of `search`. */
export const SearchOutput = z.object({
  items: z.array(ItemSummary.extend({ score: z.number().describe('relevance boosted by recency; higher is better') })),
  ...PageFields,
  candidatesCapped: z
    .boolean()
    .describe(
      `true when the query matched more than ${SEARCH_CANDIDATE_CAP} items and only the most recently updated were ranked; narrow it to reach older ones`,
    ),
});
/** The result of `search`. */
export type SearchOutput = z.infer<typeof SearchOutput>;

function searchText(query: string, output: SearchOutput): string {
  if (output.items.length === 0) return `No items match "${query}".`;
  const lines = output.items.map((item) => {
    const state = item.state === null ? '' : ` [${item.state}]`;
    const url = item.url === null ? '' : ` ${item.url}`;
    return `- ${item.id}${state} ${item.title}${url}`;
  });
  const capped = output.candidatesCapped
    ? [`(very common terms: only the ${SEARCH_CANDIDATE_CAP} most recent matches were ranked; add words or filters to reach older ones)`]
    : [];
  return [`Matches for "${query}", best first:`, ...lines, ...capped, moreLine('search', output)].join('\n');
}

/** Registers `search`: full-text search over the caller's team's items, with filters. */
export function registerSearchTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'search', {
    title: 'Search items',
    description:
      'Full-text search over the team’s issues, pull requests, commits, reviews, comments, chat messages, tickets and documents ' +
      'across every connected platform, filtered by platform, kind, container, person, state and time. Ranked by relevance and ' +
      'recency, with highlighted snippets; use get_item with a result’s id for the full text and links.',
    inputSchema: SearchInput,
    outputSchema: SearchOutput,
    run: async (args) => {
      const { cursor, limit, ...defining } = args;
      const scope = cursorScope('search', defining);
      let asOf = new Date().toISOString();
      let after: { score: string; id: string } | undefined;
      if (cursor !== undefined) {
        const key = decodeCursor(scope, cursor, 'search');
        asOf = keyString(key, 0);
        after = { score: keyString(key, 1), id: keyString(key, 2) };
      }
      let personId: string | undefined;
      if (args.person !== undefined) {
        personId = (await resolvePerson(deps.db, deps.team, args.person)) ?? undefined;
        if (personId === undefined)
          throw new ToolFailure('PERSON_NOT_FOUND', `nobody called '${args.person}' is known; find people with the people tool`);
      }
      const result = await searchItems(deps.db, {
        team: deps.team,
        query: args.query,
        limit,
        asOf,
        ...(after ? { after } : {}),
        ...(args.platform ? { platform: args.platform } : {}),
        ...(args.kind ? { kind: args.kind } : {}),
        ...(args.container ? { container: args.container } : {}),
        ...(personId ? { personId } : {}),
        ...(args.state ? { state: args.state } : {}),
        ...(args.since ? { since: args.since } : {}),
        ...(args.until ? { until: args.until } : {}),
      });
      const page = paginate(
        result.rows.map((row) => ({ value: row.item, key: [asOf, ...row.key] })),
        limit,
        scope,
      );
      const output: SearchOutput = {
        items: page.items,
        nextCursor: page.nextCursor,
        cut: page.cut,
        candidatesCapped: result.candidatesCapped,
      };
      return toolSuccess(output, searchText(args.query, output));
    },
  });
}
