import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Database } from '@pipe/db';
import { REDACTED_HEADER_PATHS } from '@pipe/platforms';
import { ACCESS_LOG_OPTIONS, healthPlugin } from '@pipe/service-runtime';
import { createLogger } from '@pipe/telemetry';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ToolDeps } from './tools/tool-result.js';
import { AuditLog } from './access/audit-log.js';
import { allowedHostSet, isAllowedHost } from './access/host.js';
import { registerProtectedResourceMetadata } from './access/protected-resource.js';
import { RateLimiter } from './access/rate-limit.js';
import { ChangeFeed } from './changes/change-feed.js';
import type { ChangeLog } from './changes/change-log.js';
import type { LogLevel } from './config.js';
import { instrumentGateway } from './gateway-telemetry.js';
import { type HttpErrorCode, sendHttpError } from './http-errors.js';
import { JSONRPC_PARSE_ERROR, registerMcpRoute, sendJsonRpcError } from './mcp-route.js';
import { AccessTokens } from './oauth/access-tokens.js';
import { resourceOf } from './oauth/authorization-server.js';
import { type OAuthOptions, registerAuthorizationServer } from './oauth/oauth-plugin.js';
import { isAllowedOrigin } from './origin.js';
import { SessionStore } from './session-store.js';
import { SessionRegistry } from './sessions.js';
import { databaseNotReadyReason } from './readiness.js';
import { registerConsole } from './console-route.js';
import { registerWsFeed } from './ws-feed.js';

/** What {@link buildApp} needs; it opens nothing itself. */
export interface GatewayDeps {
  /** The read models and API keys. The caller owns it and destroys it after `app.close()`. */
  db: Kysely<Database>;
  /** Browser origins allowed besides localhost ones (see `GatewayConfig.allowedOrigins`). */
  allowedOrigins?: readonly string[];
  /** Host names allowed besides loopback ones and the public URL's (see `GatewayConfig.allowedHosts`). */
  allowedHosts?: readonly string[];
  /** The public base URL, for the OAuth metadata and challenges (default: from the request). */
  publicUrl?: string | undefined;
  /** Where the built web console is (default: `@pipe/console`'s build); tests point it elsewhere. */
  consoleAssetsDir?: string;
  /** Further OAuth authorization servers to advertise in the protected-resource metadata. */
  authorizationServers?: readonly string[];
  /**
   * Pipe's own OAuth 2.1 authorization server (sign-in links, PKCE, Client ID Metadata Documents,
   * dynamic registration, rotating refresh tokens). `main.ts` always runs it; unset → only API keys.
   */
  oauth?: OAuthOptions;
  /**
   * Per-key limits (perMinute 0 turns them off). Unset means off, for embedding in tests and
   * benchmarks; `main.ts` always passes the configured limits (default 600/minute, bursts of 60).
   */
  rateLimit?: { perMinute: number; burst: number; now?: () => number };
  /** How far back the MCP `sync` tool reaches on a first sync or a full pass, in days (`SYNC_WINDOW_DAYS`, default 90). */
  syncWindowDays?: number;
  /** Idle time after which a session without an open stream is closed (default 30 min). */
  sessionIdleMs?: number;
  /** The service's logger (`main.ts` passes the runtime's); unset → one made from `logLevel` and `logStream`. */
  logger?: FastifyBaseLogger;
  /** pino log level (default info; tests pass `silent`). */
  logLevel?: LogLevel;
  /** Where the JSON log lines go (default stdout). */
  logStream?: { write(line: string): void };
  /**
   * `PIPE_CHANGES`: changes_since, subscriptions and notifications, resumable streams and the
   * WebSocket feed. The app starts one live consumer on it when it becomes ready and stops it on
   * close. Without it every read tool still works; change features say they are unavailable.
   */
  changes?: ChangeLog;
  /**
   * Adds capabilities to every session's MCP server, next to Pipe's own. `main.ts` passes none;
   * the MCP conformance server (test/conformance) adds the suite's fixtures through it; `tools` lets an extension
   * register tools the way Pipe's own are (`registerReadOnlyTool`, `registerAdminTool`).
   */
  extendSession?(server: McpServer, transport: WebStandardStreamableHTTPServerTransport, tools: ToolDeps): void;
}

/** Framework errors (bad JSON, oversized body, wrong content type) mapped onto the gateway's codes. */
function codeForStatus(status: number): HttpErrorCode {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 404) return 'NOT_FOUND';
  return 'BAD_REQUEST';
}

/** Fastify's default body limit, which the gateway keeps: JSON-RPC requests are small. */
const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

/** `1 MiB`, `512 KiB`, or bytes: how a limit reads in a message. */
function formatBytes(bytes: number): string {
  if (bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Paths any Host may reach: probes from orchestrators address the pod by IP. */
const HOST_EXEMPT = new Set(['/health', '/ready', '/metrics']);

/**
 * The authorization server's paths and the well-known metadata: clients in other origins (a
 * browser-based MCP client) call them with CORS, as OAuth intends, so the Origin check that guards
 * `/mcp` does not apply; the consent form checks its own origin.
 */
const ORIGIN_EXEMPT = /^\/(oauth\/|\.well-known\/)/;

/**
 * The gateway: MCP over Streamable HTTP at `/mcp`, the WebSocket change feed at `/feed`, OAuth
 * protected-resource metadata, and the runtime's probes (`/health`, `/ready`, `/metrics`). Closing the app closes this process's MCP
 * sessions first (their stored state stays, for another process to resume).
 */
export function buildApp(deps: GatewayDeps): FastifyInstance {
  const app = Fastify({
    ...ACCESS_LOG_OPTIONS,
    // The shared logger: trace ids on every line; keys, tokens and signatures redacted even if a handler logs headers.
    loggerInstance:
      deps.logger ??
      (createLogger({
        name: 'gateway',
        level: deps.logLevel ?? 'info',
        redact: REDACTED_HEADER_PATHS,
        ...(deps.logStream === undefined ? {} : { destination: deps.logStream }),
      }) as FastifyBaseLogger),
  });
  const sessions = new SessionRegistry();
  const store = new SessionStore(deps.db);
  // The console is served from the public URL, so pages from that origin may call /mcp and /feed.
  const allowedOrigins = new Set([...(deps.allowedOrigins ?? []), ...(deps.publicUrl ? [new URL(deps.publicUrl).origin] : [])]);
  const allowedHosts = allowedHostSet(deps.allowedHosts ?? [], deps.publicUrl);
  const rateLimiter = new RateLimiter(deps.rateLimit ?? { perMinute: 0, burst: 0 });
  const audit = new AuditLog(deps.db, { onError: (error) => app.log.error({ err: error }, 'audit log write failed') });
  const feed = deps.changes === undefined ? undefined : new ChangeFeed(deps.changes, app.log);
  const publicUrl = deps.publicUrl ?? deps.oauth?.issuer;
  const tokens = deps.oauth === undefined ? undefined : new AccessTokens(resourceOf(deps.oauth.issuer));

  app.addHook('onRequest', async (request, reply) => {
    if (!HOST_EXEMPT.has(request.url) && !isAllowedHost(request.headers.host, allowedHosts)) {
      request.log.warn({ host: request.headers.host }, 'request for a foreign host refused');
      return sendHttpError(
        reply,
        'FORBIDDEN_HOST',
        `host ${request.headers.host ?? '(none)'} is not served here; an operator can add it to PIPE_ALLOWED_HOSTS`,
      );
    }
    if (isAllowedOrigin(request.headers.origin, allowedOrigins) || ORIGIN_EXEMPT.test(request.url)) return undefined;
    request.log.warn({ origin: request.headers.origin }, 'request from a foreign origin refused');
    return sendHttpError(
      reply,
      'FORBIDDEN_ORIGIN',
      `requests from origin ${request.headers.origin} are not allowed; an operator can add it to PIPE_ALLOWED_ORIGINS`,
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendHttpError(reply, 'INTERNAL', 'the gateway failed to handle this request; try again, and check /ready if it persists');
    }
    // A body that is not JSON is, on the MCP endpoint, a JSON-RPC parse error, as the protocol says.
    if (
      request.routeOptions.url === '/mcp' &&
      (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    ) {
      return sendJsonRpcError(
        reply,
        400,
        JSONRPC_PARSE_ERROR,
        `Parse error: the body is not valid JSON (${error.message}); send one JSON-RPC message or a batch`,
      );
    }
    if (status === 413) {
      const limit = app.initialConfig.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES;
      return sendHttpError(
        reply,
        'PAYLOAD_TOO_LARGE',
        `the request body is over the gateway's limit of ${limit} bytes (${formatBytes(limit)}); send a smaller request`,
      );
    }
    return sendHttpError(reply, codeForStatus(status), error.message);
  });

  app.setNotFoundHandler((request, reply) =>
    sendHttpError(reply, 'NOT_FOUND', `no route ${request.method} ${request.url}; MCP is served at /mcp`),
  );

  void app.register(healthPlugin, {
    notReadyReason: databaseNotReadyReason(deps.db),
    onNotReady: (reason, request) => request.log.warn({ reason }, 'not ready'),
  });
  instrumentGateway(app, { sessions, feed });
  registerProtectedResourceMetadata(app, {
    publicUrl,
    authorizationServers: [...(deps.oauth ? [deps.oauth.issuer] : []), ...(deps.authorizationServers ?? [])],
    ...(deps.oauth ? { scopesSupported: ['read', 'admin'] } : {}),
  });
  const oauth = deps.oauth;
  if (oauth !== undefined && tokens !== undefined) {
    void app.register(async (scope) => registerAuthorizationServer(scope, { db: deps.db, tokens, oauth }));
  }
  registerMcpRoute(app, {
    db: deps.db,
    sessions,
    store,
    rateLimiter,
    audit,
    publicUrl,
    ...(tokens ? { tokens } : {}),
    ...(deps.changes ? { changes: deps.changes } : {}),
    ...(feed ? { feed } : {}),
    ...(deps.extendSession ? { extend: deps.extendSession } : {}),
    ...(deps.syncWindowDays !== undefined ? { syncWindowDays: deps.syncWindowDays } : {}),
  });
  registerConsole(app, deps.consoleAssetsDir);
  if (deps.changes !== undefined && feed !== undefined)
    registerWsFeed(app, { db: deps.db, changes: deps.changes, feed, rateLimiter, ...(tokens ? { tokens } : {}) });

  app.addHook('onReady', async () => {
    await feed?.start();
    sessions.startSweeping(store, deps.sessionIdleMs ?? 30 * 60_000, app.log);
  });
  app.addHook('preClose', () => sessions.closeAll());
  app.addHook('onClose', async () => {
    await feed?.close();
    await audit.close();
  });
  return app;
}
