import type { Database } from '@pipe/db';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { LogLevel } from './config.js';
import { AuditLog } from './access/audit-log.js';
import type { ChangeLog } from './changes/change-log.js';
import { registerHealthRoutes } from './health-routes.js';
import { type HttpErrorCode, sendHttpError } from './http-errors.js';
import { registerMcpRoute } from './mcp-route.js';
import { isAllowedOrigin } from './origin.js';
import { SessionRegistry } from './sessions.js';

/** What {@link buildApp} needs; it opens nothing itself. */
export interface GatewayDeps {
  /** The read models and API keys. The caller owns it and destroys it after `app.close()`. */
  db: Kysely<Database>;
  /** Browser origins allowed besides localhost ones (see `GatewayConfig.allowedOrigins`). */
  allowedOrigins?: readonly string[];
  /** pino log level (default info; tests pass `silent`). */
  logLevel?: LogLevel;
  /** Where the JSON log lines go (default stdout). */
  logStream?: { write(line: string): void };
  /**
   * `PIPE_CHANGES` (for changes_since, notifications, resumable streams and the feed). Without it
   * the gateway still serves every read tool; change features answer that they are unavailable.
   */
  changes?: ChangeLog;
}

/** Framework errors (bad JSON, oversized body, wrong content type) mapped onto the gateway's codes. */
function codeForStatus(status: number): HttpErrorCode {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 404) return 'NOT_FOUND';
  return 'BAD_REQUEST';
}

/**
 * The gateway: MCP over Streamable HTTP at `/mcp`, and `/health` and `/ready`. Closing the app
 * closes every open MCP session first, so open streams do not hold shutdown up.
 */
export function buildApp(deps: GatewayDeps): FastifyInstance {
  const app = Fastify({
    logger: {
      level: deps.logLevel ?? 'info',
      ...(deps.logStream === undefined ? {} : { stream: deps.logStream }),
      // Fastify's request serializer leaves headers out; this keeps a key out of the log even if a
      // handler logs the request's headers.
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
  });
  const sessions = new SessionRegistry();
  const allowedOrigins = new Set(deps.allowedOrigins ?? []);

  app.addHook('onRequest', async (request, reply) => {
    if (isAllowedOrigin(request.headers.origin, allowedOrigins)) return undefined;
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
    return sendHttpError(reply, codeForStatus(status), error.message);
  });

  app.setNotFoundHandler((request, reply) =>
    sendHttpError(reply, 'NOT_FOUND', `no route ${request.method} ${request.url}; MCP is served at /mcp`),
  );

  registerHealthRoutes(app, deps);
  const audit = new AuditLog(deps.db, { onError: (error) => app.log.error({ err: error }, 'audit log write failed') });
  registerMcpRoute(app, { db: deps.db, sessions, audit, ...(deps.changes ? { changes: deps.changes } : {}) });
  app.addHook('preClose', () => sessions.closeAll());
  app.addHook('onClose', () => audit.close());
  return app;
}
