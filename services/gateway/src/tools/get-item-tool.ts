import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Database } from '@pipe/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { EDGE_LIMIT, type ItemWithEdges, getItemWithEdges } from '../items/get-item.js';
import { Edge, ItemDetail } from '../items/item-shapes.js';
import { ToolFailure, runTool, toolSuccess } from './tool-result.js';

/** The arguments of `get_item`. */
export const GetItemInput = z.object({
  id: z.string().min(1).describe('a Pipe item id, e.g. github:issue:octo/demo#7, as search returns it'),
});

/** The result of `get_item`. */
export const GetItemOutput = z.object({
  item: ItemDetail,
  edges: z.object({
    outgoing: z.array(Edge).describe('relations this item states (it references, closes, blocks, … the other end)'),
    incoming: z.array(Edge).describe('relations other items state about this one'),
    totals: z
      .object({ outgoing: z.number().int(), incoming: z.number().int() })
      .describe(`how many edges exist in each direction; at most ${EDGE_LIMIT} per direction are listed`),
  }),
});
/** The result of `get_item`. */
export type GetItemOutput = z.infer<typeof GetItemOutput>;

function edgeLine(edge: Edge, arrow: string): string {
  const other = edge.item === null ? `${edge.ref} (not seen)` : `${edge.item.id} ${edge.item.title}`;
  return `  ${arrow} ${edge.type} ${other}`;
}

function capNote(shown: number, total: number): string[] {
  return total > shown ? [`  … ${total - shown} more not listed`] : [];
}

/** The compact text form of an item and its edges. */
function itemText({ item, edges }: ItemWithEdges): string {
  const facts = [item.platform, item.kind, item.state, item.container, item.author && `by ${item.author}`, item.updatedAt && `updated ${item.updatedAt}`]
    .filter((fact) => fact !== null && fact !== '')
    .join(' · ');
  return [
    `${item.id}: ${item.title}${item.removed ? ' (removed at the source)' : ''}`,
    facts,
    ...(item.url === null ? [] : [item.url]),
    '',
    item.body + (item.bodyTruncated ? '\n[body truncated]' : ''),
    '',
    `Outgoing edges (${edges.totals.outgoing}):`,
    ...edges.outgoing.map((edge) => edgeLine(edge, '→')),
    ...capNote(edges.outgoing.length, edges.totals.outgoing),
    `Incoming edges (${edges.totals.incoming}):`,
    ...edges.incoming.map((edge) => edgeLine(edge, '←')),
    ...capNote(edges.incoming.length, edges.totals.incoming),
  ].join('\n');
}

/** Registers `get_item`: one item of the caller's team in full, with its relations. */
export function registerGetItemTool(server: McpServer, deps: { db: Kysely<Database>; team: string; log: FastifyBaseLogger }): void {
  server.registerTool(
    'get_item',
    {
      title: 'Get an item',
      description:
        'One item in full (body, author, dates, state) with its relations: what it references, closes or blocks, and what refers to it. ' +
        'Take the id from search results or from another item’s edges.',
      inputSchema: GetItemInput,
      outputSchema: GetItemOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(deps.log, 'get_item', async () => {
        const found = await getItemWithEdges(deps.db, deps.team, args.id);
        if (found === null) {
          throw new ToolFailure('ITEM_NOT_FOUND', `no item with id '${args.id}' was found; use the search tool to find items and their ids`);
        }
        return toolSuccess(found satisfies GetItemOutput, itemText(found));
      }),
  );
}
