export { buildApp, type GatewayDeps } from './app.js';
export { loadGatewayConfig, parseOrigin, type GatewayConfig, type LogLevel } from './config.js';
export { createMcpServer, SERVER_INFO, type McpSessionDeps } from './mcp-server.js';
export { SearchInput, SearchOutput } from './tools/search-tool.js';
export { GetItemInput, GetItemOutput } from './tools/get-item-tool.js';
export { ItemSummary, ItemDetail, Edge, BODY_LIMIT } from './items/item-shapes.js';
export { NEIGHBOUR_GROUP_LIMIT } from './queries/get-item.js';
export { HTTP_ERRORS, type HttpErrorCode, type HttpErrorBody } from './http-errors.js';
