import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { packageVersion } from '@pipe/telemetry';
import { registerPrompts } from './prompts.js';
import { registerChangesSinceTool } from './tools/changes-since-tool.js';
import { registerGetItemTool } from './tools/get-item-tool.js';
import { registerPeopleTool } from './tools/people-tool.js';
import { registerRelatedTool } from './tools/related-tool.js';
import { registerSearchTool } from './tools/search-tool.js';
import { registerSourcesTool } from './tools/sources-tool.js';
import { registerSyncTool } from './tools/sync-tool.js';
import { registerTeamContextTool } from './tools/team-context-tool.js';
import { registerTimelineTool } from './tools/timeline-tool.js';
import type { ToolDeps } from './tools/tool-result.js';

/**
 * The name and version the gateway announces in the MCP handshake. The version is the gateway's
 * package.json, the one source every service's version comes from (discovery, traces).
 */
export const SERVER_INFO = { name: 'pipe', title: 'Pipe', version: packageVersion(import.meta.url) } as const;

const INSTRUCTIONS =
  'Pipe holds the team’s work across GitHub, Slack, Jira, Linear, Notion and Discord as one graph of items. ' +
  'Start with team_context for what is alive now, or search to find items; get_item (by id or any platform URL) for an ' +
  'item with its relations and activity; related to follow links (blockers, references); timeline and people for who did ' +
  'what; changes_since to learn what changed after a cursor; sources for how fresh the data is. Lists are paged: when a ' +
  'result has a nextCursor, pass it back to continue. Items are resources (pipe://items/{id}) you can subscribe to.';

/** What one MCP session's server needs. */
export type McpSessionDeps = ToolDeps;

/**
 * An MCP server for one session. The team is fixed when the session opens, and the tools close over
 * it, so no argument a client sends can widen a query beyond its team.
 */
export function createMcpServer(deps: McpSessionDeps): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, prompts: {}, logging: {}, completions: {} },
    instructions: INSTRUCTIONS,
  });
  registerSearchTool(server, deps);
  registerGetItemTool(server, deps);
  registerRelatedTool(server, deps);
  registerTimelineTool(server, deps);
  registerPeopleTool(server, deps);
  registerTeamContextTool(server, deps);
  registerChangesSinceTool(server, deps);
  registerSourcesTool(server, deps);
  registerSyncTool(server, deps);
  registerPrompts(server, deps);
  return server;
}
