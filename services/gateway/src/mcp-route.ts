import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Database } from '@pipe/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditRecorder } from './access/audit-log.js';
import { type Caller, authenticate } from './auth.js';
import type { ChangeLog } from './changes/change-log.js';
import { sendHttpError } from './http-errors.js';
import { createMcpServer } from './mcp-server.js';
import type { McpSession, SessionRegistry } from './sessions.js';

/** What the `/mcp` endpoint needs. */
export interface McpRouteDeps {
  db: Kysely<Database>;
  sessions: SessionRegistry;
  audit?: AuditRecorder;
  changes?: ChangeLog;
}

/** JSON-RPC error codes the transport layer uses (the SDK's `-32000` range for transport errors). */
const JSONRPC_BAD_REQUEST = -32000;
const JSONRPC_SESSION_NOT_FOUND = -32001;

/**
 * Session problems are answered in JSON-RPC form, as the SDK's transport answers its own, so an
 * MCP client reports them the same way.
 */
function sendJsonRpcError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * `POST/GET/DELETE /mcp`: MCP over Streamable HTTP with stateful sessions. Every request must carry
 * a valid API key (checked again on every request, so revocation is immediate), and a session may
 * only be used with a key of the team that opened it.
 */
export function registerMcpRoute(app: FastifyInstance, deps: McpRouteDeps): void {
  // The caller is resolved before the body is parsed, so an unauthenticated client cannot make the
  // gateway read and parse a body.
  const callers = new WeakMap<FastifyRequest, Caller>();

  async function requireApiKey(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const result = await authenticate(deps.db, request.headers.authorization);
    if (result.ok) {
      callers.set(request, result.caller);
      return undefined;
    }
    const challenge =
      result.reason === 'missing' ? 'Bearer realm="pipe"' : `Bearer realm="pipe", error="invalid_token", error_description="${result.message}"`;
    reply.header('www-authenticate', challenge);
    return sendHttpError(reply, 'UNAUTHORIZED', result.message);
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const caller = callers.get(request);
    if (caller === undefined) throw new Error('the /mcp handler ran without an authenticated caller');
    const sessionId = request.headers['mcp-session-id'];

    if (Array.isArray(sessionId)) {
      return sendJsonRpcError(reply, 400, JSONRPC_BAD_REQUEST, 'Bad Request: send one Mcp-Session-Id header');
    }
    if (sessionId !== undefined) {
      const session = deps.sessions.get(sessionId);
      // Another team's session answers exactly like an unknown one: its existence is not revealed.
      if (session === undefined || session.team !== caller.team) {
        return sendJsonRpcError(reply, 404, JSONRPC_SESSION_NOT_FOUND, 'Session not found: it ended or never existed; start a new one with initialize');
      }
      reply.hijack();
      await session.transport.handleRequest(request.raw, reply.raw, request.body);
      return undefined;
    }
    if (request.method === 'POST' && isInitializeRequest(request.body)) {
      reply.hijack();
      await openSession(request, reply, caller);
      return undefined;
    }
    return sendJsonRpcError(
      reply,
      400,
      JSONRPC_BAD_REQUEST,
      'Bad Request: no Mcp-Session-Id header; open a session with an initialize request first and send its Mcp-Session-Id on every later request',
    );
  }

  async function openSession(request: FastifyRequest, reply: FastifyReply, caller: Caller): Promise<void> {
    // The session outlives this request, so its log lines carry the team and key, not this request's id.
    const log = request.server.log.child({ team: caller.team, keyId: caller.keyId });
    const holder: { transport?: StreamableHTTPServerTransport } = {};
    const server = createMcpServer({
      db: deps.db,
      team: caller.team,
      keyId: caller.keyId,
      log,
      ...(deps.audit ? { audit: deps.audit } : {}),
      ...(deps.changes ? { changes: deps.changes } : {}),
      sessionId: () => holder.transport?.sessionId,
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        const session: McpSession = { transport, server, team: caller.team, keyId: caller.keyId };
        deps.sessions.add(id, session);
        log.info({ session: id }, 'mcp session opened');
      },
    });
    holder.transport = transport;
    // Set before connect(): the server chains its own close handling after this one.
    transport.onclose = () => {
      if (transport.sessionId === undefined) return;
      deps.sessions.delete(transport.sessionId);
      log.info({ session: transport.sessionId }, 'mcp session closed');
    };
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
    // An initialize the transport rejected leaves no session behind to clean up later.
    if (transport.sessionId === undefined) await server.close();
  }

  app.route({ method: ['GET', 'POST', 'DELETE'], url: '/mcp', onRequest: requireApiKey, handler: handle });
}
