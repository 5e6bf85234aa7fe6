import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Database } from '@pipe/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ToolDeps } from './tools/tool-result.js';
import type { AuditRecorder } from './access/audit-log.js';
import { resourceMetadataUrl } from './access/protected-resource.js';
import type { RateLimiter } from './access/rate-limit.js';
import { JSONRPC_INSUFFICIENT_SCOPE, insufficientScopeMessage } from './access/tool-scopes.js';
import { type Caller, authenticate, bearerToken } from './auth.js';
import type { AccessTokens } from './oauth/access-tokens.js';
import type { ChangeFeed } from './changes/change-feed.js';
import type { ChangeLog } from './changes/change-log.js';
import { sendHttpError } from './http-errors.js';
import { McpSession, type SessionContext } from './session.js';
import type { SessionStore } from './session-store.js';
import type { SessionRegistry } from './sessions.js';

/** What the `/mcp` endpoint needs. */
export interface McpRouteDeps {
  db: Kysely<Database>;
  sessions: SessionRegistry;
  store: SessionStore;
  rateLimiter: RateLimiter;
  audit?: AuditRecorder;
  changes?: ChangeLog;
  feed?: ChangeFeed;
  publicUrl?: string | undefined;
  /** OAuth access tokens, when the gateway runs its authorization server. */
  tokens?: AccessTokens;
  /** How far back the `sync` tool reaches (`SYNC_WINDOW_DAYS`). */
  syncWindowDays?: number;
  /** Adds capabilities to every session's MCP server (see `GatewayDeps.extendSession`). */
  extend?(server: McpServer, transport: WebStandardStreamableHTTPServerTransport, tools: ToolDeps): void;
}

/** JSON-RPC error codes the transport layer uses (the SDK's `-32000` range for transport errors). */
const JSONRPC_BAD_REQUEST = -32000;
const JSONRPC_SESSION_NOT_FOUND = -32001;
/** JSON-RPC's own code for a body that is not JSON. */
export const JSONRPC_PARSE_ERROR = -32700;

/** The HTTP methods Streamable HTTP uses; any other is answered 405 with them in `Allow`. */
const MCP_METHODS = ['GET', 'POST', 'DELETE'] as const;

/** Sends a JSON-RPC error with no request id, the shape the SDK's transport answers with. */
export function sendJsonRpcError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * `POST/GET/DELETE /mcp`: MCP over Streamable HTTP with sessions. Every request carries an API key
 * (looked up each time, so revocation is immediate), is rate limited per key, and may only use a
 * session of the key's team. A session this process does not hold is rebuilt from the store, so
 * clients can move between gateway processes.
 */
export function registerMcpRoute(app: FastifyInstance, deps: McpRouteDeps): void {
  // The caller is resolved before the body is parsed, so an unauthenticated client cannot make the
  // gateway read and parse a body.
  const callers = new WeakMap<FastifyRequest, Caller>();

  async function requireApiKey(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const result = await authenticate({ db: deps.db, ...(deps.tokens ? { tokens: deps.tokens } : {}) }, request.headers.authorization);
    if (!result.ok) {
      // The scope hint tells an OAuth client what to ask for first: read (admin comes by step-up, on a 403).
      const metadata = `resource_metadata="${resourceMetadataUrl(request, deps.publicUrl)}"${deps.tokens ? ', scope="read"' : ''}`;
      const challenge =
        result.reason === 'missing'
          ? `Bearer realm="pipe", ${metadata}`
          : `Bearer realm="pipe", error="invalid_token", error_description="${result.message.replace(/"/g, "'")}", ${metadata}`;
      reply.header('www-authenticate', challenge);
      return sendHttpError(reply, 'UNAUTHORIZED', result.message);
    }
    const rate = deps.rateLimiter.take(result.caller.keyId);
    if (!rate.ok) {
      reply.header('retry-after', String(rate.retryAfterSeconds));
      return sendHttpError(
        reply,
        'RATE_LIMITED',
        `this ${result.caller.clientId ? 'OAuth grant' : 'API key'} is over its request rate; retry after ${rate.retryAfterSeconds} s`,
      );
    }
    callers.set(request, result.caller);
    return undefined;
  }

  function contextFor(caller: Caller, request: FastifyRequest, initialize?: Record<string, unknown>): SessionContext {
    return {
      db: deps.db,
      team: caller.team,
      keyId: caller.keyId,
      // The session outlives this request, so its log lines carry the team and key, not this request's id.
      log: request.server.log.child({ team: caller.team, keyId: caller.keyId }),
      store: deps.store,
      ...(deps.audit ? { audit: deps.audit } : {}),
      ...(deps.changes ? { changes: deps.changes } : {}),
      ...(deps.feed ? { feed: deps.feed } : {}),
      ...(deps.syncWindowDays !== undefined ? { syncWindowDays: deps.syncWindowDays } : {}),
      ...(deps.extend ? { extend: deps.extend } : {}),
      onReady: async (session) => {
        if (session.id === undefined) return;
        deps.sessions.add(session.id, session);
        // Stored before the initialize answer leaves, so the client's next request may land anywhere.
        if (initialize !== undefined) {
          await deps.store.create({ id: session.id, team: caller.team, keyId: caller.keyId, initialize, subscriptions: [] });
          request.log.info({ session: session.id }, 'mcp session opened');
        }
      },
      onClosed: (session) => {
        if (session.id !== undefined) deps.sessions.delete(session.id);
      },
    };
  }

  /** Rebuilds a stored session of the caller's team on this process, or undefined. */
  async function resume(id: string, caller: Caller, request: FastifyRequest): Promise<McpSession | undefined> {
    const stored = await deps.store.find(id, caller.team);
    if (stored === null) return undefined;
    const session = new McpSession(contextFor({ team: stored.team, keyId: stored.keyId, scopes: caller.scopes }, request), {
      sessionId: id,
      subscriptions: stored.subscriptions,
    });
    await session.connect();
    await session.resume(stored.initialize);
    request.log.info({ session: id }, 'mcp session resumed on this process');
    return session;
  }

  /** The request's caller as the SDK hands it to tools (`extra.authInfo`): its own scopes, key and team. */
  function authInfoOf(caller: Caller, request: FastifyRequest): AuthInfo {
    return {
      token: bearerToken(request.headers.authorization) ?? '',
      clientId: caller.clientId ?? caller.keyId,
      scopes: [...caller.scopes],
      extra: { team: caller.team, keyId: caller.keyId, clientId: caller.clientId, signIn: caller.signIn },
    };
  }

  /**
   * Refuses a request whose tool calls need a scope the caller lacks, the way the MCP authorization
   * spec asks (403 with an `insufficient_scope` challenge naming the scope, so an OAuth client can
   * ask for it), with a JSON-RPC error for the call in the body.
   */
  function refuseMissingScope(session: McpSession, caller: Caller, request: FastifyRequest, reply: FastifyReply): FastifyReply | null {
    if (request.method !== 'POST') return null;
    const missing = session.missingScope(request.body, caller.scopes);
    if (missing === null) return null;
    const message = insufficientScopeMessage(missing, caller.scopes);
    request.log.warn({ tool: missing.tool, scope: missing.scope }, 'tool call refused: missing scope');
    reply.header(
      'www-authenticate',
      `Bearer realm="pipe", error="insufficient_scope", scope="${[...new Set([...caller.scopes, missing.scope])].join(' ')}", ` +
        `resource_metadata="${resourceMetadataUrl(request, deps.publicUrl)}", error_description="${message.replace(/"/g, "'")}"`,
    );
    return reply
      .code(403)
      .type('application/json; charset=utf-8')
      .send({
        jsonrpc: '2.0',
        id: missing.requestId,
        error: { code: JSONRPC_INSUFFICIENT_SCOPE, message, data: { requiredScope: missing.scope, tool: missing.tool } },
      });
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const caller = callers.get(request);
    if (caller === undefined) throw new Error('the /mcp handler ran without an authenticated caller');
    const authInfo = authInfoOf(caller, request);
    const sessionId = request.headers['mcp-session-id'];
    if (Array.isArray(sessionId)) {
      return sendJsonRpcError(reply, 400, JSONRPC_BAD_REQUEST, 'Bad Request: send one Mcp-Session-Id header');
    }
    if (sessionId !== undefined) {
      const session = await deps.sessions.getOrLoad(sessionId, () => resume(sessionId, caller, request));
      // Another team's session answers exactly like an unknown one: its existence is not revealed.
      if (session === undefined || session.team !== caller.team) {
        return sendJsonRpcError(
          reply,
          404,
          JSONRPC_SESSION_NOT_FOUND,
          'Session not found: it ended or never existed; start a new one with initialize',
        );
      }
      const refused = refuseMissingScope(session, caller, request, reply);
      if (refused !== null) return refused;
      await session.handle(request, reply, authInfo);
      return undefined;
    }
    if (request.method === 'POST' && isInitializeRequest(request.body)) {
      const params = (request.body as { params: Record<string, unknown> }).params;
      const session = new McpSession(contextFor(caller, request, params));
      await session.connect();
      await session.handle(request, reply, authInfo);
      // An initialize the transport rejected leaves no session behind.
      if (session.id === undefined) await session.close();
      return undefined;
    }
    return sendJsonRpcError(
      reply,
      400,
      JSONRPC_BAD_REQUEST,
      'Bad Request: no Mcp-Session-Id header; open a session with an initialize request first and send its Mcp-Session-Id on every later request',
    );
  }

  /** The first hook of every request: counted until its answer is written, for the shutdown's drain. */
  function countReceived(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (request.method !== 'GET') deps.sessions.received(new Promise((resolve) => reply.raw.once('close', resolve)));
    done();
  }

  app.route({ method: [...MCP_METHODS], url: '/mcp', onRequest: [countReceived, requireApiKey], handler: handle });
  // The other methods exist on /mcp, but are not allowed there: 405 with Allow (RFC 9110), not "no route".
  app.route({
    method: ['PUT', 'PATCH', 'OPTIONS'],
    url: '/mcp',
    handler: (request, reply) => {
      reply.header('allow', MCP_METHODS.join(', '));
      return sendJsonRpcError(
        reply,
        405,
        JSONRPC_BAD_REQUEST,
        `Method not allowed: ${request.method}; MCP over Streamable HTTP uses ${MCP_METHODS.join(', ')} on /mcp`,
      );
    },
  });
}
