import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { Activity, BODY_LIMIT, Edge, ItemDetail } from '../items/item-shapes.js';
import { type ItemWithNeighbours, NEIGHBOUR_GROUP_LIMIT, getItemWithNeighbours } from '../queries/get-item.js';
import { itemIdOfUrl } from './resolve-item.js';
import { RESPONSE_BUDGET_CHARS, responseSize } from './page.js';
import { type ToolDeps, ToolFailure, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

/** The arguments of `get_item`. */
export const GetItemInput = toolInput({
  id: z
    .string()
    .min(1)
    .max(2000)
    .describe(
      'a Pipe item id (github:issue:octo/demo#7, as search returns it) or any platform URL of the item ' +
        '(a GitHub issue/PR/commit/comment, Jira or Linear issue, Slack message, Notion page, Discord message)',
    ),
  offset: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      `where to start reading the body, in characters (default 0); a long body comes in parts of ${BODY_LIMIT}: pass the offset the previous answer names for the next part`,
    ),
});

/** How many edges of one type exist in one direction, and how many are listed. */
export const NeighbourGroup = z.object({
  type: z.string().describe('REFERENCES, CLOSES, BLOCKS, REPLIES_TO, MENTIONS, …'),
  direction: z.enum(['outgoing', 'incoming']).describe('outgoing: this item states it; incoming: another item states it about this one'),
  total: z.number().int().describe('how many such edges exist'),
  shown: z
    .number()
    .int()
    .describe(`how many are listed (at most ${NEIGHBOUR_GROUP_LIMIT}); use related with this type and direction for all`),
});

/** The result of `get_item`. */
export const GetItemOutput = z.object({
  item: ItemDetail,
  resolvedFrom: z.string().optional().describe('the URL the item was found by'),
  edges: z
    .object({
      outgoing: z.array(Edge).describe('relations this item states (it references, closes, blocks, … the other end), by type'),
      incoming: z.array(Edge).describe('relations other items state about this one, by type'),
      totals: z.object({ outgoing: z.number().int(), incoming: z.number().int() }).describe('how many edges exist in each direction'),
    })
    .describe('the neighbours, each edge with its provenance (origin, rule, snippet)'),
  groups: z.array(NeighbourGroup).describe('the neighbours grouped by edge type and direction, with counts'),
  activity: z.array(Activity).describe('the latest activity on the item, newest first'),
  cut: nullable(z.enum(['budget'])).describe(
    'budget when edges or older activity were left out to keep the response small (totals still count the edges)',
  ),
});
/** The result of `get_item`. */
export type GetItemOutput = z.infer<typeof GetItemOutput>;

/**
 * Fits the neighbour lists into what the body and activity left of the response budget (both
 * forms count: an edge is in the JSON and has a line in the text), taking edges round robin
 * across groups so every kind of relation stays represented.
 */
function fitNeighbours(found: ItemWithNeighbours, room: number): { groups: NeighbourGroupOf[]; cut: boolean } {
  const groups = found.neighbours.map((group) => ({ ...group, edges: [] as Edge[] }));
  let cut = false;
  for (let i = 0; i < NEIGHBOUR_GROUP_LIMIT; i += 1) {
    for (const [g, group] of found.neighbours.entries()) {
      const edge = group.edges[i];
      if (edge === undefined) continue;
      const size = JSON.stringify(edge).length + edgeLine(edge, '→').length + 4;
      if (size > room) {
        cut = true;
        continue;
      }
      room -= size;
      groups[g]?.edges.push(edge);
    }
  }
  return { groups, cut };
}

type NeighbourGroupOf = ItemWithNeighbours['neighbours'][number];

function edgeLine(edge: Edge, arrow: string): string {
  const other = edge.item
    ? `${edge.item.id} ${edge.item.title}`
    : edge.person
      ? `person ${edge.person.handle ?? edge.person.id}`
      : `${edge.ref} (not seen)`;
  const provenance = edge.snippet ? ` — "${edge.snippet}"` : '';
  return `  ${arrow} ${other} [${edge.origin}/${edge.rule}]${provenance}`;
}

/** What follows a part of a long body: how much remains and the call that reads on. */
function bodyContinues(item: ItemDetail): string {
  if (item.bodyRemaining === 0) return item.bodyOffset > 0 ? `\n[end of body: ${item.bodyLength} characters]` : '';
  const next = item.bodyLength - item.bodyRemaining;
  return `\n[body continues: ${item.bodyRemaining} more of ${item.bodyLength} characters; read on with get_item {"id": "${item.id}", "offset": ${next}}]`;
}

/** The compact text form of an item, its neighbours by type, and its activity. */
function itemText(output: GetItemOutput, groups: NeighbourGroupOf[]): string {
  const { item } = output;
  const facts = [
    item.platform,
    item.kind,
    item.state,
    item.container,
    item.author && `by ${item.author}`,
    item.updatedAt && `updated ${item.updatedAt}`,
  ]
    .filter((fact) => fact !== null && fact !== '')
    .join(' · ');
  const lines = [
    `${item.id}: ${item.title}${item.removed ? ' (removed at the source)' : ''}`,
    facts,
    ...(item.url === null ? [] : [item.url]),
    '',
    item.body + bodyContinues(item),
  ];
  for (const group of groups) {
    lines.push('', `${group.type} ${group.direction} (${group.total}):`);
    lines.push(...group.edges.map((edge) => edgeLine(edge, group.direction === 'outgoing' ? '→' : '←')));
    if (group.total > group.edges.length) {
      lines.push(
        `  … ${group.total - group.edges.length} more: related {"id": "${item.id}", "types": ["${group.type}"], "direction": "${group.direction}"}`,
      );
    }
  }
  if (output.activity.length > 0) {
    lines.push('', 'Latest activity:', ...output.activity.map((a) => `  ${a.occurredAt} ${a.actor ?? 'someone'} ${a.verb}: ${a.summary}`));
  }
  return lines.join('\n');
}

/** Registers `get_item`: one item of the caller's team in full, by id or platform URL, with its relations. */
export function registerGetItemTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'get_item', {
    title: 'Get an item',
    description:
      'One item in full (body, author, dates, state) by id or by any platform URL, with its neighbours grouped by relation ' +
      '(references, closes, blocks, replies, mentions…, each with where it came from) and its latest activity.',
    inputSchema: GetItemInput,
    outputSchema: GetItemOutput,
    run: async (args) => {
      let id = args.id.trim();
      let resolvedFrom: string | undefined;
      const byUrl = await itemIdOfUrl(deps, id);
      if (byUrl !== null) {
        resolvedFrom = id;
        id = byUrl;
      }
      const found = await getItemWithNeighbours(deps.db, deps.team, id, args.offset);
      if (found === null) {
        throw new ToolFailure('ITEM_NOT_FOUND', `no item with id '${id}' was found; use the search tool to find items and their ids`);
      }
      const build = (groups: NeighbourGroupOf[], activity: Activity[], cut: boolean): { output: GetItemOutput; size: number } => {
        const direction = (d: 'outgoing' | 'incoming') => groups.filter((group) => group.direction === d);
        const total = (d: 'outgoing' | 'incoming') => direction(d).reduce((sum, group) => sum + group.total, 0);
        const output: GetItemOutput = {
          item: found.item,
          ...(resolvedFrom === undefined ? {} : { resolvedFrom }),
          edges: {
            outgoing: direction('outgoing').flatMap((group) => group.edges),
            incoming: direction('incoming').flatMap((group) => group.edges),
            totals: { outgoing: total('outgoing'), incoming: total('incoming') },
          },
          groups: groups.map((group) => ({ type: group.type, direction: group.direction, total: group.total, shown: group.edges.length })),
          activity,
          cut: cut ? 'budget' : null,
        };
        return { output, size: responseSize({ structured: output, text: itemText(output, groups) }) };
      };
      // The body part and the latest activity first (the oldest activity goes when they alone are
      // over the budget), then as many edges as the rest holds.
      const bare = found.neighbours.map((group) => ({ ...group, edges: [] as Edge[] }));
      let activity = found.activity;
      while (activity.length > 0 && build(bare, activity, true).size > RESPONSE_BUDGET_CHARS) activity = activity.slice(0, -1);
      const fitted = fitNeighbours(found, RESPONSE_BUDGET_CHARS - build(bare, activity, true).size);
      const groups = fitted.groups;
      const { output } = build(groups, activity, fitted.cut || activity.length < found.activity.length);
      return toolSuccess(output, itemText(output, groups));
    },
  });
}
