import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Database } from '@pipe/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { registerGetItemTool } from './tools/get-item-tool.js';
import { registerSearchTool } from './tools/search-tool.js';

/** The name and version the gateway announces in the MCP handshake. */
export const SERVER_INFO = { name: 'pipe', title: 'Pipe', version: '0.1.0' } as const;

const INSTRUCTIONS =
  'Pipe holds the team’s work across GitHub, Slack, Jira, Linear, Notion and Discord as one graph of items. ' +
  'Start with search to find items, then get_item for an item’s full text and the items it links to or is linked from.';

/** What one MCP session's server needs. */
export interface McpSessionDeps {
  db: Kysely<Database>;
  /** The team the session was opened for; every tool query is scoped to it. */
  team: string;
  log: FastifyBaseLogger;
}

/**
 * An MCP server for one session. The team is fixed when the session opens, and the tools close over
 * it, so no argument a client sends can widen a query beyond its team.
 */
export function createMcpServer(deps: McpSessionDeps): McpServer {
  const server = new McpServer(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  registerSearchTool(server, deps);
  registerGetItemTool(server, deps);
  return server;
}
