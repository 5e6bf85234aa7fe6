import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError, type ReadResourceResult, SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { itemUri } from '@pipe/events';
import { sql } from 'kysely';
import { toItemSummary } from '../items/item-shapes.js';
import { COMPLETION_LIMIT, completeItemIds } from '../queries/complete-items.js';
import { BODY_LIMIT } from '../items/item-shapes.js';
import { getItemWithNeighbours } from '../queries/get-item.js';
import { findPeople } from '../queries/people.js';
import { parseSubscription } from '../changes/subscriptions.js';
import type { ToolDeps } from '../tools/tool-result.js';

/** The JSON-RPC error for a resource that does not exist (MCP: -32002). */
export const RESOURCE_NOT_FOUND = -32002;
/** Most items `resources/list` and a container resource show (tools page through the rest). */
const LIST_LIMIT = 50;

/** What a session does when its client subscribes or unsubscribes. */
export interface SubscriptionHandler {
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;
}

const decode = (value: string | string[] | undefined): string => {
  const text = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Where the rest of a long body is read: the URI of its next part, when there is one. */
const nextBodyPart = (item: { id: string; bodyLength: number; bodyRemaining: number }): { bodyNext?: string } =>
  item.bodyRemaining > 0 ? { bodyNext: `${itemUri(item.id)}/body/${item.bodyLength - item.bodyRemaining}` } : {};

const json = (uri: string, value: unknown): ReadResourceResult => ({
  contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value) }],
});

/**
 * Items as resources (`pipe://items/{id}`), plus the filter resources a client can subscribe to:
 * a container (`pipe://containers/{container}`: every item of a repository, channel, project or
 * space) and a person (`pipe://people/{personId}`: every item they author). Templates complete
 * their variable from the team's own data; reads, completions and subscriptions are all scoped to
 * the session's team, and an unknown id answers the same whether or not another team has it.
 */
export function registerPipeResources(server: McpServer, deps: Pick<ToolDeps, 'db' | 'team'>, subscriptions: SubscriptionHandler): void {
  server.registerResource(
    'item',
    new ResourceTemplate('pipe://items/{id}', {
      list: async () => {
        const rows = await deps.db
          .selectFrom('items')
          .select(['id', 'url', 'title', 'platform', 'kind', 'state', 'container', 'updated_at'])
          .where('team', '=', deps.team)
          .where('removed_at', 'is', null)
          .orderBy('updated_at', (o) => o.desc().nullsLast())
          .limit(LIST_LIMIT)
          .execute();
        return {
          resources: rows.map((row) => ({ uri: itemUri(row.id), name: row.id, title: row.title, mimeType: 'application/json' })),
        };
      },
      complete: { id: (value) => completeItemIds(deps.db, deps.team, value) },
    }),
    {
      title: 'Item',
      description:
        'An item (issue, PR, message, ticket, page…) with its relations and latest activity, as JSON. Subscribe to hear when it changes.',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const found = await getItemWithNeighbours(deps.db, deps.team, decode(variables.id));
      if (found === null) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.href}`);
      return json(uri.href, { ...found, ...nextBodyPart(found.item) });
    },
  );

  server.registerResource(
    'item-body',
    new ResourceTemplate('pipe://items/{id}/body/{offset}', { list: undefined }),
    {
      title: 'Part of an item’s body',
      description: `A long body in parts of ${BODY_LIMIT} characters from offset, as JSON with how much remains and the URI of the next part.`,
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const offset = Number(decode(variables.offset));
      if (!Number.isSafeInteger(offset) || offset < 0)
        throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.href} (the offset is a whole number of characters)`);
      const found = await getItemWithNeighbours(deps.db, deps.team, decode(variables.id), offset);
      if (found === null) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.href}`);
      const { id, body, bodyOffset, bodyLength, bodyRemaining } = found.item;
      return json(uri.href, { id, body, bodyOffset, bodyLength, bodyRemaining, ...nextBodyPart(found.item) });
    },
  );

  server.registerResource(
    'container',
    new ResourceTemplate('pipe://containers/{container}', {
      list: undefined,
      complete: {
        container: async (value) => {
          const rows = await sql<{ container: string }>`
            select distinct container from items where team = ${deps.team} and container like ${`${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}
            order by container limit ${COMPLETION_LIMIT}`.execute(deps.db);
          return rows.rows.map((row) => row.container);
        },
      },
    }),
    {
      title: 'Container',
      description: 'A repository, channel, project or space: its most recently updated items. Subscribe to hear about every change in it.',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const container = decode(variables.container);
      const rows = await deps.db
        .selectFrom('items')
        .select(['id', 'url', 'title', 'platform', 'kind', 'state', 'container', 'updated_at'])
        .where('team', '=', deps.team)
        .where('container', '=', container)
        .where('removed_at', 'is', null)
        .orderBy('updated_at', (o) => o.desc().nullsLast())
        .limit(LIST_LIMIT)
        .execute();
      if (rows.length === 0) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.href}`);
      return json(uri.href, { container, items: rows.map(toItemSummary) });
    },
  );

  server.registerResource(
    'person',
    new ResourceTemplate('pipe://people/{personId}', {
      list: undefined,
      complete: {
        personId: async (value) => {
          const rows = await deps.db
            .selectFrom('identities')
            .select('person_id')
            .distinct()
            .where('team', '=', deps.team)
            .where('person_id', 'like', `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
            .orderBy('person_id')
            .limit(COMPLETION_LIMIT)
            .execute();
          return rows.map((row) => row.person_id);
        },
      },
    }),
    {
      title: 'Person',
      description: 'A person: their identities on each platform and recent activity. Subscribe to hear about every item they author.',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const [person] = await findPeople(deps.db, { team: deps.team, personId: decode(variables.personId), limit: 1, recent: 10 });
      if (!person) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.href}`);
      return json(uri.href, person);
    },
  );

  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    if (parseSubscription(request.params.uri) === null) {
      throw new McpError(
        -32602,
        `uri: '${request.params.uri}' is not a Pipe resource; subscribe to pipe://items/{id}, pipe://containers/{container} or pipe://people/{personId}`,
      );
    }
    await subscriptions.subscribe(request.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    await subscriptions.unsubscribe(request.params.uri);
    return {};
  });
}
