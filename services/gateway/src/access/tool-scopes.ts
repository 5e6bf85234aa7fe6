import type { AccessScope } from '@pipe/db';

/** A tool call the caller's scopes do not cover. */
export interface MissingScope {
  /** The JSON-RPC id of the refused request (answered with an error carrying it). */
  requestId: string | number | null;
  tool: string;
  /** The scope the tool needs and the caller lacks. */
  scope: AccessScope;
}

/**
 * The scopes a session's tools need beyond `read`. Tools register here as they are added to the
 * session's server (`registerAdminTool`); the `/mcp` route asks it, for every request, whether the
 * request's own key or token may make the calls in the body. The check is per request, not per
 * session, because the same session may be used with a different key or a refreshed token.
 */
export class ToolScopes {
  readonly #required = new Map<string, AccessScope>();

  /** Declares that calling `tool` needs `scope`. */
  require(tool: string, scope: AccessScope): void {
    this.#required.set(tool, scope);
  }

  /** The scope `tool` needs (`read` for every tool not declared). */
  scopeOf(tool: string): AccessScope {
    return this.#required.get(tool) ?? 'read';
  }

  /** The first `tools/call` in a JSON-RPC body (one message or a batch) that `granted` does not cover, or null. */
  firstMissing(body: unknown, granted: readonly AccessScope[]): MissingScope | null {
    for (const message of Array.isArray(body) ? body : [body]) {
      if (message === null || typeof message !== 'object') continue;
      const { method, params, id } = message as { method?: unknown; params?: { name?: unknown }; id?: unknown };
      if (method !== 'tools/call' || typeof params?.name !== 'string') continue;
      const scope = this.scopeOf(params.name);
      if (!granted.includes(scope)) {
        return { requestId: typeof id === 'string' || typeof id === 'number' ? id : null, tool: params.name, scope };
      }
    }
    return null;
  }
}

/** The JSON-RPC error code of a call refused for a missing scope (the SDK's server-defined range). */
export const JSONRPC_INSUFFICIENT_SCOPE = -32003;

/** What a caller lacking a scope is told: which scope, and how to get a key or token with it. */
export function insufficientScopeMessage(missing: MissingScope, granted: readonly AccessScope[]): string {
  return (
    `Forbidden: the tool ${missing.tool} needs the '${missing.scope}' scope, and this key or token has only ${granted.map((s) => `'${s}'`).join(', ')}; ` +
    `use a key made with \`pipe keys create --team <team> --scope ${missing.scope}\`, or sign in again granting the '${missing.scope}' scope`
  );
}
