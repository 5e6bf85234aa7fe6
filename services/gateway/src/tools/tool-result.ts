import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Database } from '@pipe/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AuditRecorder } from '../access/audit-log.js';
import type { ToolScopes } from '../access/tool-scopes.js';
import type { ChangeLog } from '../changes/change-log.js';
import { InvalidCursorError } from './cursor.js';

/** What every tool of a session needs; the team is fixed when the session opens. */
export interface ToolDeps {
  db: Kysely<Database>;
  /** The team every query of this session is scoped to. */
  team: string;
  /** The API key that opened the session (its id, never the key), for the audit log. */
  keyId: string;
  log: FastifyBaseLogger;
  /** Where tool calls are recorded (who, which tool, when, arguments without secrets). */
  audit?: AuditRecorder;
  /** `PIPE_CHANGES`, for changes_since and sources; absent when the gateway runs without NATS. */
  changes?: ChangeLog;
  /** The MCP session id, for the audit log (set once the session is initialised). */
  sessionId?: () => string | undefined;
  /** Where tools that need more than `read` declare it, for the `/mcp` route's scope check. */
  toolScopes?: ToolScopes;
  /** How far back the `sync` tool reaches on a first sync or a full pass (`SYNC_WINDOW_DAYS`; default 90). */
  syncWindowDays?: number;
}

/** The per-request context the SDK hands a tool: cancellation signal, progress token, notifications. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A tool error the caller can act on: its `code` and a message that says what to do. */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A successful result: the structured content, and the compact text form for clients without it. */
export function toolSuccess(structuredContent: object, text: string): CallToolResult {
  // The output schema has already described the shape; the SDK checks it against the result.
  return { structuredContent: structuredContent as Record<string, unknown>, content: [{ type: 'text', text }] };
}

/** A tool error result (`isError: true`), which the model sees and can recover from. */
export function toolError(code: string, message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `${code}: ${message}` }] };
}

/**
 * Runs a tool body, turning a {@link ToolFailure} (or a bad cursor) into its error result and
 * anything unexpected into a generic one. The SDK would otherwise send the raw exception message,
 * which may carry SQL or connection details; those go to the log instead.
 */
export async function runTool(log: FastifyBaseLogger, tool: string, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ToolFailure) return toolError(error.code, error.message);
    if (error instanceof InvalidCursorError) return toolError(error.code, error.message);
    log.error({ err: error, tool }, 'tool failed');
    return toolError('INTERNAL', `the ${tool} tool failed unexpectedly; try again, and if it keeps failing check the gateway's /ready`);
  }
}

/** How a read-only tool is described and run. */
export interface ReadOnlyToolSpec<I extends z.ZodObject, O extends z.ZodObject> {
  title: string;
  description: string;
  inputSchema: I;
  outputSchema: O;
  run(args: z.output<I>, extra: ToolExtra): Promise<CallToolResult>;
}

/**
 * Who made this call: the request's own key or token (the `/mcp` route passes it as the SDK's
 * `authInfo`), else the key that opened the session; with a token, its client and sign-in link.
 */
function callerOf(deps: ToolDeps, extra: ToolExtra): { keyId: string; clientId?: string; signIn?: string } {
  const info = extra.authInfo?.extra ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const clientId = text(info.clientId);
  const signIn = text(info.signIn);
  return { keyId: text(info.keyId) ?? deps.keyId, ...(clientId ? { clientId } : {}), ...(signIn ? { signIn } : {}) };
}

/** A tool body run through {@link runTool} and written to the audit log. */
function auditedCallback<I extends z.ZodObject>(
  deps: ToolDeps,
  name: string,
  run: (args: z.output<I>, extra: ToolExtra) => Promise<CallToolResult>,
): ToolCallback<I> {
  const callback = async (args: z.output<I>, extra: ToolExtra): Promise<CallToolResult> => {
    const started = performance.now();
    const result = await runTool(deps.log, name, () => run(args, extra));
    deps.audit?.record({
      team: deps.team,
      ...callerOf(deps, extra),
      sessionId: deps.sessionId?.() ?? null,
      tool: name,
      arguments: args as Record<string, unknown>,
      outcome: result.isError ? 'error' : 'ok',
      durationMs: performance.now() - started,
    });
    return result;
  };
  return callback as unknown as ToolCallback<I>;
}

/**
 * Registers a read-only tool (`readOnlyHint`, closed world): its arguments are validated by the
 * SDK against the input schema (an invalid call is a JSON-RPC-level tool error naming the field),
 * its body runs through {@link runTool}, and every call is written to the audit log.
 */
export function registerReadOnlyTool<I extends z.ZodObject, O extends z.ZodObject>(
  server: McpServer,
  deps: ToolDeps,
  name: string,
  spec: ReadOnlyToolSpec<I, O>,
): void {
  server.registerTool(
    name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: spec.inputSchema,
      outputSchema: spec.outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
    },
    auditedCallback(deps, name, spec.run),
  );
}

/** How a tool that changes things is described and run. */
export interface AdminToolSpec<I extends z.ZodObject, O extends z.ZodObject> extends ReadOnlyToolSpec<I, O> {
  /** Whether it may destroy or overwrite data (the MCP `destructiveHint`); default false. */
  destructive?: boolean;
  /** Whether calling it twice with the same arguments does nothing more (`idempotentHint`); default false. */
  idempotent?: boolean;
  /** Whether it reaches outside Pipe, e.g. a platform's API (`openWorldHint`); default false. */
  openWorld?: boolean;
}

/**
 * Registers a tool that changes things: callable only with the `admin` scope. The `/mcp` route
 * refuses a call from a `read` key or token before it reaches the tool, with a JSON-RPC error
 * (HTTP 403, `insufficient_scope`) naming the scope; the body also checks the scope itself, so the
 * tool stays closed however the server is reached. Calls are audited like every other tool's.
 */
export function registerAdminTool<I extends z.ZodObject, O extends z.ZodObject>(
  server: McpServer,
  deps: ToolDeps,
  name: string,
  spec: AdminToolSpec<I, O>,
): void {
  deps.toolScopes?.require(name, 'admin');
  server.registerTool(
    name,
    {
      title: spec.title,
      description: `${spec.description} Needs a key or token with the admin scope.`,
      inputSchema: spec.inputSchema,
      outputSchema: spec.outputSchema,
      annotations: {
        readOnlyHint: false,
        destructiveHint: spec.destructive ?? false,
        idempotentHint: spec.idempotent ?? false,
        openWorldHint: spec.openWorld ?? false,
      },
    },
    auditedCallback(deps, name, async (args: z.output<I>, extra) => {
      // No authInfo means no authenticated caller at all: closed, like a read-only key.
      const scopes = extra.authInfo?.scopes ?? [];
      if (!scopes.includes('admin')) {
        throw new ToolFailure(
          'INSUFFICIENT_SCOPE',
          `the tool ${name} needs the 'admin' scope; this call has ${scopes.length ? scopes.join(', ') : 'no scopes'}`,
        );
      }
      return spec.run(args, extra);
    }),
  );
}
