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
  query: z
    .string()
    .min(1)
    .max(500)
    .describe(
      'a question as you would ask a colleague ("which PR fixed the checkout timeout?", "who is working on dark mode?"), ' +
        'keywords, an item key (PAY-12, WEB-4, owner/repo#12, #12) or a platform URL',
    ),
  ...ItemFilters,
  ...pagingArgs(10, 50),
});

/** The result of `search`. */
export const SearchOutput = z.object({
  items: z.array(
    ItemSummary.extend({
      score: z.number().describe('relevance (words, links to strong matches, what the question names, recency); higher is better'),
      why: z.string().describe('why it is here: the words it matched, the match it is linked to, the person, platform or time asked for'),
    }),
  ),
  ...PageFields,
  candidatesCapped: z
    .boolean()
    .describe(
      `true when a word matched more than ${SEARCH_CANDIDATE_CAP} items and only its most recently updated matches were ranked; add words or filters to reach older ones`,
    ),
});
/** The result of `search`. */
export type SearchOutput = z.infer<typeof SearchOutput>;

function searchText(query: string, output: SearchOutput): string {
  if (output.items.length === 0) return `No items match "${query}".`;
  const lines = output.items.map((item) => {
    const state = item.state === null ? '' : ` [${item.state}]`;
    const url = item.url === null ? '' : ` ${item.url}`;
    return `- ${item.id}${state} ${item.title}${url}\n  why: ${item.why}`;
  });
  const capped = output.candidatesCapped
    ? [`(very common words: only their ${SEARCH_CANDIDATE_CAP} most recent matches were ranked; add words or filters to reach older ones)`]
    : [];
  return [`Matches for "${query}", best first:`, ...lines, ...capped, moreLine('search', output)].join('\n');
}

/** Registers `search`: the caller's team's items for a question, keywords, a key or a URL, with filters. */
export function registerSearchTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'search', {
    title: 'Search items',
    description:
      'Search the team’s issues, pull requests, commits, reviews, comments, chat messages, tickets, documents and assistant ' +
      'sessions across every connected platform. Ask in natural language — "which PR fixed the checkout timeout?", "is there a ' +
      'postmortem for the outage?", "what did Priya change last week?" — or give keywords, an item key (PAY-12, owner/repo#12) ' +
      'or a URL (looked up exactly, first). Any word may match (none is required); platform, kind, people and time words in the ' +
      'question ("in Slack", "PR", "Maya", "last week", "in #incidents") favour what fits, and items linked to strong matches (the PR that closes a ' +
      'matching issue, the thread around a matching reply) rank with them. Every result says why it is there; filters narrow ' +
      'strictly. Use get_item with a result’s id for the full text and links.',
    inputSchema: SearchInput,
    outputSchema: SearchOutput,
    run: async (args) => {
      const { cursor, limit, ...defining } = args;
      const scope = cursorScope('search', defining);
      let asOf = new Date().toISOString();
      let after: { score: string; updated: string; id: string } | undefined;
      if (cursor !== undefined) {
        const key = decodeCursor(scope, cursor, 'search');
        asOf = keyString(key, 0);
        after = { score: keyString(key, 1), updated: keyString(key, 2), id: keyString(key, 3) };
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
      const response = paginate(
        result.rows.map((row) => ({ value: row.item, key: [asOf, ...row.key] })),
        limit,
        scope,
        (page) => {
          const output: SearchOutput = {
            items: page.items,
            nextCursor: page.nextCursor,
            cut: page.cut,
            candidatesCapped: result.candidatesCapped,
          };
          return { structured: output, text: searchText(args.query, output) };
        },
      );
      return toolSuccess(response.structured, response.text);
    },
  });
}
