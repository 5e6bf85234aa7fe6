import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ConsoleOAuth } from './oauth.js';

/** How the console signs in: a team API key, or OAuth tokens from the gateway's authorization server. */
export type Credential = { kind: 'key'; apiKey: string } | { kind: 'oauth'; oauth: ConsoleOAuth };

/** A tool the gateway answered with an error (`isError`), with its message (`CODE: what to do`). */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/** The key was refused: unknown, revoked, or not a Pipe key. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

/**
 * The console's only way to read Pipe: an MCP session with the gateway, signed in with an API
 * key or OAuth, calling the same tools an assistant calls (search, get_item, related, timeline,
 * sources). No query logic lives in the console.
 */
export class PipeClient {
  private client: Client | null = null;

  constructor(readonly credential: Credential) {}

  /** The bearer token for the WebSocket feed: the key, or a current access token. */
  feedToken(): Promise<string> {
    return this.credential.kind === 'key' ? Promise.resolve(this.credential.apiKey) : this.credential.oauth.accessToken();
  }

  /** Opens the MCP session; rejects with {@link SignInError} when the key is refused. */
  async connect(): Promise<void> {
    const client = new Client({ name: 'pipe-console', version: '0.1.0' });
    // With OAuth the SDK's transport sends the access token and refreshes it when the gateway answers 401.
    const transport = new StreamableHTTPClientTransport(
      new URL('/mcp', window.location.origin),
      this.credential.kind === 'key'
        ? { requestInit: { headers: { Authorization: `Bearer ${this.credential.apiKey}` } } }
        : { authProvider: this.credential.oauth },
    );
    try {
      await client.connect(transport);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (/401|unauthori[sz]ed|unknown or was revoked/i.test(text)) throw new SignInError('this API key is unknown or was revoked');
      throw error;
    }
    this.client = client;
  }

  /** Calls a tool and returns its structured result; a tool error becomes a {@link ToolError}. */
  async call<T>(name: string, args: Record<string, unknown>): Promise<T> {
    if (this.client === null) await this.connect();
    let result: Awaited<ReturnType<Client['callTool']>>;
    try {
      result = await (this.client as Client).callTool({ name, arguments: args });
    } catch (error) {
      // The session may have been closed by the gateway (idle, restart): open a new one, once.
      this.client = null;
      await this.connect();
      result = await (this.client as unknown as Client).callTool({ name, arguments: args });
      void error;
    }
    if (result.isError) {
      const content = result.content as { type: string; text?: string }[] | undefined;
      throw new ToolError(content?.find((c) => c.type === 'text')?.text ?? `${name} failed`);
    }
    return result.structuredContent as T;
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = null;
  }

  /** Closes the session and, for OAuth, revokes the tokens. */
  async signOut(): Promise<void> {
    await this.close().catch(() => undefined);
    if (this.credential.kind === 'oauth') await this.credential.oauth.signOut();
  }
}
