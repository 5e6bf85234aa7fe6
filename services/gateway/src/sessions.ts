import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** One open MCP session: its transport, its server and whom it belongs to. */
export interface McpSession {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** The team the session was opened for; only keys of this team may use it. */
  team: string;
  /** The key that opened it, for logs. */
  keyId: string;
}

/**
 * The open MCP sessions of this process, by session id. Sessions live in memory, so behind a load
 * balancer a client must stick to one replica (or re-initialize when it lands on another, which the
 * 404 for an unknown session tells it to do).
 */
export class SessionRegistry {
  readonly #sessions = new Map<string, McpSession>();

  /** The session with this id, or undefined. */
  get(id: string): McpSession | undefined {
    return this.#sessions.get(id);
  }

  /** Records a session once the transport has given it an id. */
  add(id: string, session: McpSession): void {
    this.#sessions.set(id, session);
  }

  /** Forgets a session (its transport closed). */
  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** How many sessions are open. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Closes every session, ending their open streams; used at shutdown. */
  async closeAll(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(sessions.map((session) => session.server.close()));
  }
}
