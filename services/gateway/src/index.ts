export { buildApp, type GatewayDeps } from './app.js';
export { loadGatewayConfig, parseOrigin, type GatewayConfig, type LogLevel } from './config.js';
export { createMcpServer, SERVER_INFO, type McpSessionDeps } from './mcp-server.js';
export { SearchInput, SearchOutput } from './tools/search-tool.js';
export { searchItems, type SearchParams, type SearchResult } from './search/search-items.js';
export { GATEWAY_POSTGRES_SETTINGS } from './postgres-settings.js';
export { GetItemInput, GetItemOutput } from './tools/get-item-tool.js';
export { ItemSummary, ItemDetail, Edge, BODY_LIMIT } from './items/item-shapes.js';
export { NEIGHBOUR_GROUP_LIMIT } from './queries/get-item.js';
export { HTTP_ERRORS, type HttpErrorCode, type HttpErrorBody } from './http-errors.js';
export { ChangeLog, type SequencedNotice, type ChangeRange } from './changes/change-log.js';
export {
  RelatedInput,
  RelatedOutput,
} from './tools/related-tool.js';
export { TimelineInput, TimelineOutput } from './tools/timeline-tool.js';
export { PeopleInput, PeopleOutput } from './tools/people-tool.js';
export { TeamContextInput, TeamContextOutput } from './tools/team-context-tool.js';
export { ChangesSinceInput, ChangesSinceOutput } from './tools/changes-since-tool.js';
export { SourcesInput, SourcesOutput } from './tools/sources-tool.js';
export { RESPONSE_BUDGET_CHARS } from './tools/page.js';
export { type FeedMessage, CLOSE_KEY_REVOKED } from './ws-feed.js';
export {
  registerAdminTool,
  registerReadOnlyTool,
  type AdminToolSpec,
  type ReadOnlyToolSpec,
  type ToolDeps,
} from './tools/tool-result.js';
