import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ItemSummary } from '../items/item-shapes.js';
import { CONTEXT_SECTIONS, type ContextSection, contextSection } from '../queries/team-context.js';
import { searchItems } from '../search/search-items.js';
import { cursorScope, decodeCursor, keyString } from './cursor.js';
import { Instant } from './filters.js';
import { PageFields, fitResponse, moreLine, pageOf } from './page.js';
import { type ToolDeps, ToolFailure, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { toolInput } from './tool-schema.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** How many of search's best matches a context `about` something draws from (search's own page maximum). */
const ABOUT_LIMIT = 50;

/** The arguments of `team_context`. */
export const TeamContextInput = toolInput({
  section: z.enum(CONTEXT_SECTIONS).optional().describe('one section only, to page through it (default: a few of each)'),
  about: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe(
      'a topic or a question as you would ask it ("the checkout timeout", "what is going on with dark mode?"): every section keeps ' +
        'only what search finds for it (its matches and the items linked to them)',
    ),
  since: Instant.optional().describe('the window for merges, decisions and hot threads (default: the last 7 days)'),
  limit: z.number().int().min(1).max(50).default(5).describe('items per section (default 5)'),
  cursor: z.string().min(1).optional().describe('the nextCursor of a section; pass it together with that section'),
});

const ContextItem = ItemSummary.extend({
  blockedBy: z.array(z.string()).optional().describe('ids of the unfinished items that block it'),
  activityCount: z.number().int().optional().describe('activities and replies in the window'),
});

const Section = z.object({ items: z.array(ContextItem), ...PageFields });

/** The result of `team_context`. */
export const TeamContextOutput = z.object({
  since: z.string().describe('start of the window for merges, decisions and hot threads'),
  open: Section.optional().describe('open issues, pull requests and tickets, most recently updated first'),
  blocked: Section.optional().describe('open work that an unfinished item blocks'),
  merged: Section.optional().describe('pull requests merged in the window'),
  decisions: Section.optional().describe('messages, documents and comments in the window that record a decision'),
  hot: Section.optional().describe('the items with the most activity and replies in the window'),
});
/** The result of `team_context`. */
export type TeamContextOutput = z.infer<typeof TeamContextOutput>;

const TITLES: Record<ContextSection, string> = {
  open: 'Open work',
  blocked: 'Blocked',
  merged: 'Recently merged',
  decisions: 'Recent decisions',
  hot: 'Hot threads',
};

function contextText(output: TeamContextOutput): string {
  const lines = [`Team context (window since ${output.since}):`];
  for (const section of CONTEXT_SECTIONS) {
    const page = output[section];
    if (page === undefined) continue;
    lines.push('', `${TITLES[section]}:`);
    if (page.items.length === 0) lines.push('  (none)');
    for (const item of page.items) {
      const extra = item.blockedBy
        ? ` blocked by ${item.blockedBy.join(', ')}`
        : item.activityCount
          ? ` (${item.activityCount} in window)`
          : '';
      lines.push(`  - ${item.id} [${item.state ?? '?'}] ${item.title}${extra}`);
    }
    if (page.nextCursor !== null) lines.push(`  ${moreLine('team_context', page).replace('the same arguments', `section "${section}"`)}`);
  }
  return lines.join('\n');
}

/** Registers `team_context`: what is alive now. */
export function registerTeamContextTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'team_context', {
    title: 'Team context',
    description:
      'What is alive now, in one call: open work, blocked items (and what blocks them), recent merges, recent decisions and hot ' +
      'threads across every platform. Start here to catch up; give about (a topic or a question) to see only what concerns it; ' +
      'page one section with section + cursor.',
    inputSchema: TeamContextInput,
    outputSchema: TeamContextOutput,
    run: async (args) => {
      if (args.cursor !== undefined && args.section === undefined) {
        throw new ToolFailure('INVALID_ARGUMENTS', 'cursor: a cursor pages one section; pass the section it came from as well');
      }
      const since = args.since ?? new Date(Date.now() - WEEK_MS).toISOString();
      // The same retrieval as search, so a question finds here what it finds there.
      const only =
        args.about === undefined
          ? undefined
          : (
              await searchItems(deps.db, { team: deps.team, query: args.about, limit: ABOUT_LIMIT, asOf: new Date().toISOString() })
            ).rows.map((row) => row.item.id);
      const sections = args.section === undefined ? CONTEXT_SECTIONS : [args.section];
      const fetched = await Promise.all(
        sections.map(async (section) => {
          const scope = cursorScope('team_context', { section, since: args.since ?? null, about: args.about ?? null });
          const key = args.cursor === undefined ? undefined : decodeCursor(scope, args.cursor, 'team_context');
          const rows = await contextSection(deps.db, section, {
            team: deps.team,
            since,
            limit: args.limit,
            ...(only ? { only } : {}),
            ...(key ? { after: [keyString(key, 0), keyString(key, 1)] as [string, string] } : {}),
          });
          return { section, scope, rows: rows.map((row) => ({ value: row.item, key: row.key })) };
        }),
      );
      // The whole response fits the budget: every section shows at most the same number of rows, as many as fit.
      const response = fitResponse(Math.max(0, ...fetched.map(({ rows }) => Math.min(rows.length, args.limit))), (perSection) => {
        const output: TeamContextOutput = { since };
        for (const { section, scope, rows } of fetched) {
          const page = pageOf(rows, args.limit, scope, Math.min(perSection, rows.length, args.limit));
          output[section] = { items: page.items, nextCursor: page.nextCursor, cut: page.cut };
        }
        return { structured: output, text: contextText(output) };
      });
      return toolSuccess(response.structured, response.text);
    },
  });
}
