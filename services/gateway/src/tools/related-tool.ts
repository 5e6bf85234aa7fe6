import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ItemSummary, PersonRef } from '../items/item-shapes.js';
import { traverse } from '../queries/traverse.js';
import { cursorScope, decodeCursor, keyNumber, keyString } from './cursor.js';
import { EdgeTypes, pagingArgs } from './filters.js';
import { PageFields, moreLine, paginate } from './page.js';
import { resolveItem } from './resolve-item.js';
import { type ToolDeps, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

/** Most nodes one traversal reaches, whatever the depth and fan-out. */
export const RELATED_MAX_NODES = 500;

/** The arguments of `related`. */
export const RelatedInput = toolInput({
  id: z.string().min(1).max(2000).describe('the item to start from: an item id or a platform URL'),
  depth: z.number().int().min(1).max(3).default(1).describe('how many hops to follow, 1 to 3 (default 1)'),
  types: EdgeTypes.optional().describe('only follow these edge types (default: all)'),
  direction: z.enum(['outgoing', 'incoming', 'both']).default('both').describe('outgoing: what it points to; incoming: what points to it'),
  fanOut: z.number().int().min(1).max(50).default(20).describe('most edges followed from one item (default 20)'),
  ...pagingArgs(20, 100),
});

const PathStep = z.object({ from: z.string(), type: z.string(), direction: z.enum(['outgoing', 'incoming']), to: z.string() });

/** The result of `related`. */
export const RelatedOutput = z.object({
  start: z.string().describe('the id of the item the traversal started from'),
  results: z.array(
    z.object({
      id: z.string().describe('the item id, or the reference of an item not seen yet or a person'),
      item: nullable(ItemSummary),
      person: nullable(PersonRef),
      depth: z.number().int(),
      path: z.array(PathStep).describe('the hops from the start to this node'),
    }),
  ),
  ...PageFields,
  fanOutCapped: z.boolean().describe('true when some item had more edges than fanOut; raise it or narrow types to see them'),
  nodesCapped: z.boolean().describe(`true when the traversal stopped at ${RELATED_MAX_NODES} nodes; lower depth or narrow types`),
});
/** The result of `related`. */
export type RelatedOutput = z.infer<typeof RelatedOutput>;

function relatedText(output: RelatedOutput): string {
  if (output.results.length === 0) return `Nothing related to ${output.start} along those edges.`;
  const lines = output.results.map((node) => {
    const what = node.item
      ? `${node.item.id} ${node.item.title}`
      : node.person
        ? `person ${node.person.handle ?? node.person.id}`
        : `${node.id} (not seen)`;
    const via = node.path.map((step) => `${step.direction === 'outgoing' ? '→' : '←'}${step.type}`).join(' ');
    return `- [${node.depth}] ${what} via ${via}`;
  });
  const caps = [
    ...(output.fanOutCapped ? ['(some items had more edges than fanOut; raise fanOut or narrow types)'] : []),
    ...(output.nodesCapped ? ['(traversal stopped at its node cap; lower depth or narrow types)'] : []),
  ];
  return [`Related to ${output.start}:`, ...lines, ...caps, moreLine('related', output)].join('\n');
}

/** Registers `related`: a bounded traversal of the graph from one item. */
export function registerRelatedTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'related', {
    title: 'Related items',
    description:
      'Items connected to one item through the graph, up to 3 hops, over chosen edge types (REFERENCES, CLOSES, BLOCKS, ' +
      'REPLIES_TO, MENTIONS, …) and direction, with the path that reaches each. Use it for "what blocks X", "what does X touch".',
    inputSchema: RelatedInput,
    outputSchema: RelatedOutput,
    run: async (args, extra) => {
      const { cursor, limit, ...defining } = args;
      const scope = cursorScope('related', defining);
      const after = cursor === undefined ? undefined : decodeCursor(scope, cursor, 'related');
      const start = await resolveItem(deps, args.id);
      const progressToken = extra._meta?.progressToken;
      const traversal = await traverse(deps.db, {
        team: deps.team,
        startId: start.id,
        startRef: start.ref,
        depth: args.depth,
        types: args.types,
        direction: args.direction,
        fanOut: args.fanOut,
        maxNodes: RELATED_MAX_NODES,
        signal: extra.signal,
        onLevel: async (level, reached) => {
          if (progressToken === undefined) return;
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: level, total: args.depth, message: `depth ${level}: ${reached} reached` },
          });
        },
      });
      const rest =
        after === undefined
          ? traversal.nodes
          : traversal.nodes.filter((node) => {
              const depth = keyNumber(after, 0);
              return node.depth > depth || (node.depth === depth && node.id.localeCompare(keyString(after, 1)) > 0);
            });
      const response = paginate(
        rest.slice(0, limit + 1).map((node) => ({ value: node, key: [node.depth, node.id] })),
        limit,
        scope,
        (page) => {
          const output: RelatedOutput = {
            start: start.id,
            results: page.items,
            nextCursor: page.nextCursor,
            cut: page.cut,
            fanOutCapped: traversal.fanOutCapped,
            nodesCapped: traversal.nodesCapped,
          };
          return { structured: output, text: relatedText(output) };
        },
      );
      return toolSuccess(response.structured, response.text);
    },
  });
}
