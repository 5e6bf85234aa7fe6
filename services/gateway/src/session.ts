import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { AccessScope } from '@pipe/db';
import type { ChangeNotice } from '@pipe/events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type MissingScope, ToolScopes } from './access/tool-scopes.js';
import type { ChangeFeed } from './changes/change-feed.js';
import { META_INDEX, META_SEQ, SessionEventStore } from './changes/session-event-store.js';
import { SubscriptionSet, type UpdateNotification } from './changes/subscriptions.js';
import { sendWebResponse, toWebRequest } from './http/web-bridge.js';
import { createMcpServer } from './mcp-server.js';
import { itemAuthors } from './queries/item-authors.js';
import { registerPipeResources } from './resources/pipe-resources.js';
import type { SessionStore } from './session-store.js';
import type { ToolDeps } from './tools/tool-result.js';

/** What a session needs besides the tools' dependencies. */
export interface SessionContext extends Omit<ToolDeps, 'sessionId'> {
  store: SessionStore;
  /** The live change feed; absent without NATS (no notifications then). */
  feed?: ChangeFeed;
  /** Registers extra capabilities on the server (`GatewayDeps.extendSession`). */
  extend?(server: McpServer, transport: WebStandardStreamableHTTPServerTransport, tools: ToolDeps): void;
  /** Called once the transport has given the session its id, before the initialize answer is sent. */
  onReady(session: McpSession): Promise<void>;
  /** Called when the session ends (DELETE, expiry, shutdown). */
  onClosed(session: McpSession): void;
}

/** Notices read per page while replaying missed notifications. */
const REPLAY_PAGE = 500;

/**
 * One MCP session: its server (tools, prompts, resources bound to the team), its Streamable HTTP
 * transport with a `PIPE_CHANGES`-backed event store, and its subscriptions. A session is rebuilt
 * on any gateway process from its stored initialize parameters and subscriptions.
 */
export class McpSession {
  readonly server: McpServer;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly subscriptions: SubscriptionSet;
  readonly team: string;
  readonly keyId: string;
  /** The scopes this session's tools need beyond `read`. */
  readonly toolScopes = new ToolScopes();
  /** When a request last arrived (ms). */
  lastActivity = Date.now();
  /** Open GET (notification) streams; a session with one is alive even when quiet. */
  openStreams = 0;
  #id: string | undefined;
  #unlisten: (() => void) | undefined;
  readonly #ctx: SessionContext;

  constructor(ctx: SessionContext, options: { sessionId?: string; subscriptions?: string[] } = {}) {
    this.#ctx = ctx;
    this.team = ctx.team;
    this.keyId = ctx.keyId;
    this.subscriptions = new SubscriptionSet(options.subscriptions ?? []);
    const toolDeps: ToolDeps = { ...ctx, sessionId: () => this.#id, toolScopes: this.toolScopes };
    this.server = createMcpServer(toolDeps);
    registerPipeResources(this.server, ctx, {
      subscribe: async (uri) => {
        this.subscriptions.add(uri);
        if (this.#id) await ctx.store.saveSubscriptions(this.#id, this.subscriptions.uris());
      },
      unsubscribe: async (uri) => {
        this.subscriptions.delete(uri);
        if (this.#id) await ctx.store.saveSubscriptions(this.#id, this.subscriptions.uris());
      },
    });
    const eventStore = new SessionEventStore(
      () => ctx.feed?.lastSeq ?? 0,
      (afterSeq, afterIndex, send) => this.#replay(afterSeq, afterIndex, send),
    );
    const fixedId = options.sessionId;
    this.transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => fixedId ?? randomUUID(),
      eventStore,
      // Tells clients how soon to come back when a stream ends, so polling resumes promptly.
      retryInterval: 1000,
      onsessioninitialized: async (id) => {
        this.#id = id;
        if (ctx.feed) this.#unlisten = ctx.feed.listen(this.team, (seq, notice) => this.#onNotice(seq, notice));
        await ctx.onReady(this);
      },
      onsessionclosed: async (id) => {
        await ctx.store.delete(id);
      },
    });
    ctx.extend?.(this.server, this.transport, toolDeps);
    this.transport.onclose = () => {
      this.#unlisten?.();
      ctx.onClosed(this);
    };
  }

  /** The session id, once initialized. */
  get id(): string | undefined {
    return this.#id;
  }

  /** Connects the server to the transport. */
  async connect(): Promise<void> {
    await this.server.connect(this.transport);
  }

  /**
   * Rebuilds an initialized session from the client's stored `initialize` parameters: the same
   * initialize goes through the transport (its answer is discarded), so the transport and the
   * server are exactly as after the original handshake, without reaching into SDK internals.
   */
  async resume(initialize: Record<string, unknown>): Promise<void> {
    const request = new Request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    });
    const response = await this.transport.handleRequest(request, {
      parsedBody: { jsonrpc: '2.0', id: `pipe-resume-${randomUUID()}`, method: 'initialize', params: initialize },
    });
    await response.text();
  }

  /** The first tool call in a request body that the request's scopes do not cover, or null. */
  missingScope(body: unknown, granted: readonly AccessScope[]): MissingScope | null {
    return this.toolScopes.firstMissing(body, granted);
  }

  /** Serves one HTTP request of this session; `authInfo` (the request's caller) reaches the tools as `extra.authInfo`. */
  async handle(request: FastifyRequest, reply: FastifyReply, authInfo?: AuthInfo): Promise<void> {
    this.lastActivity = Date.now();
    const response = await this.transport.handleRequest(toWebRequest(request), {
      parsedBody: request.body,
      ...(authInfo ? { authInfo } : {}),
    });
    const isStream = request.method === 'GET' && response.headers.get('content-type')?.startsWith('text/event-stream') === true;
    if (isStream) this.openStreams += 1;
    try {
      await sendWebResponse(reply, response, { stream: isStream });
    } finally {
      if (isStream) this.openStreams -= 1;
      this.lastActivity = Date.now();
    }
  }

  async #notificationsFor(seq: number, notice: ChangeNotice): Promise<UpdateNotification[]> {
    if (this.subscriptions.size === 0) return [];
    const authors = this.subscriptions.wantsAuthors
      ? await itemAuthors(
          this.#ctx.db,
          this.team,
          notice.changes.map((change) => change.itemId),
        )
      : new Map<string, string>();
    return this.subscriptions.match(seq, notice, (itemId) => authors.get(itemId));
  }

  async #onNotice(seq: number, notice: ChangeNotice): Promise<void> {
    for (const update of await this.#notificationsFor(seq, notice)) {
      await this.server.server.sendResourceUpdated({ uri: update.uri, _meta: metaOf(update) });
    }
  }

  /** Sends the notifications the subscriptions produce for notices after (afterSeq, afterIndex). */
  async #replay(afterSeq: number, afterIndex: number, send: (eventId: string, message: JSONRPCMessage) => Promise<void>): Promise<void> {
    const changes = this.#ctx.changes;
    if (changes === undefined) return;
    let after = Number.isFinite(afterIndex) && afterIndex >= 0 ? afterSeq - 1 : afterSeq;
    for (;;) {
      const range = await changes.read(this.team, after, REPLAY_PAGE);
      for (const { seq, notice } of range.notices) {
        for (const update of await this.#notificationsFor(seq, notice)) {
          if (seq === afterSeq && update.index <= afterIndex) continue;
          await send(`c.${seq}.${update.index}`, {
            jsonrpc: '2.0',
            method: 'notifications/resources/updated',
            params: { uri: update.uri, _meta: metaOf(update) },
          });
        }
        after = seq;
      }
      if (!range.more || range.notices.length === 0) return;
    }
  }

  /** Ends the session's transport (and its streams). */
  async close(): Promise<void> {
    await this.server.close();
  }
}

function metaOf(update: UpdateNotification): Record<string, unknown> {
  return { [META_SEQ]: update.seq, [META_INDEX]: update.index, 'pipe/change': update.change, 'pipe/subscription': update.subscription };
}
