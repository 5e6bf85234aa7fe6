import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { Activity, ItemSummary } from '../items/item-shapes.js';
import { resolvePerson } from '../queries/resolve-person.js';
import { timeline } from '../queries/timeline.js';
import { cursorScope, decodeCursor, keyString } from './cursor.js';
import { Instant, pagingArgs } from './filters.js';
import { PageFields, moreLine, paginate } from './page.js';
import { resolveItem } from './resolve-item.js';
import { type ToolDeps, ToolFailure, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

/** The arguments of `timeline`. */
export const TimelineInput = toolInput({
  person: z.string().min(1).optional().describe('only what this person did: a person id, handle, email or name'),
  container: z.string().min(1).optional().describe('only activity on items in this repository, channel, project or space'),
  item: z.string().min(1).optional().describe('only activity on this item (id or platform URL)'),
  verbs: z.array(z.string().min(1)).min(1).max(20).optional().describe('only these verbs (opened, merged, commented, …)'),
  since: Instant.optional().describe('from this ISO 8601 time (inclusive)'),
  until: Instant.optional().describe('up to this ISO 8601 time (exclusive)'),
  ...pagingArgs(20, 100),
});

/** The result of `timeline`. */
export const TimelineOutput = z.object({
  entries: z
    .array(Activity.extend({ item: nullable(ItemSummary).describe('the item acted on, when Pipe has it') }))
    .describe('newest first'),
  ...PageFields,
});
/** The result of `timeline`. */
export type TimelineOutput = z.infer<typeof TimelineOutput>;

function timelineText(output: TimelineOutput): string {
  if (output.entries.length === 0) return 'No activity in that window.';
  const lines = output.entries.map(
    (e) => `- ${e.occurredAt} ${e.actor ?? 'someone'} ${e.verb} ${e.item ? `${e.item.id} "${e.item.title}"` : e.itemId}: ${e.summary}`,
  );
  return [...lines, moreLine('timeline', output)].join('\n');
}

/** Registers `timeline`: what happened, newest first, for the team, a person, a container or an item. */
export function registerTimelineTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'timeline', {
    title: 'Timeline',
    description:
      'What happened, newest first: opened, merged, commented, pushed, reviewed… across platforms, for the whole team, one person, ' +
      'one repository/channel/project, or one item, within a time window.',
    inputSchema: TimelineInput,
    outputSchema: TimelineOutput,
    run: async (args) => {
      const { cursor, limit, ...defining } = args;
      const scope = cursorScope('timeline', defining);
      const key = cursor === undefined ? undefined : decodeCursor(scope, cursor, 'timeline');
      let personId: string | undefined;
      if (args.person !== undefined) {
        personId = (await resolvePerson(deps.db, deps.team, args.person)) ?? undefined;
        if (personId === undefined)
          throw new ToolFailure('PERSON_NOT_FOUND', `nobody called '${args.person}' is known; find people with the people tool`);
      }
      const itemId = args.item === undefined ? undefined : (await resolveItem(deps, args.item)).id;
      const rows = await timeline(deps.db, {
        team: deps.team,
        limit,
        ...(personId ? { personId } : {}),
        ...(args.container ? { container: args.container } : {}),
        ...(itemId ? { itemId } : {}),
        ...(args.verbs ? { verbs: args.verbs } : {}),
        ...(args.since ? { since: args.since } : {}),
        ...(args.until ? { until: args.until } : {}),
        ...(key ? { after: { at: keyString(key, 0), id: keyString(key, 1) } } : {}),
      });
      const response = paginate(
        rows.map((row) => ({ value: row.entry, key: row.key })),
        limit,
        scope,
        (page) => {
          const output: TimelineOutput = { entries: page.items, nextCursor: page.nextCursor, cut: page.cut };
          return { structured: output, text: timelineText(output) };
        },
      );
      return toolSuccess(response.structured, response.text);
    },
  });
}
