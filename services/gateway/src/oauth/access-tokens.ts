import { type AccessScope, isAccessScope, parseOAuthAccountId } from '@pipe/db';
import type Provider from 'oidc-provider';

/** Who an OAuth access token stands for. */
export interface TokenCaller {
  team: string;
  /** The grant the token was issued under: the unit `pipe tokens revoke` ends. */
  grantId: string;
  clientId: string;
  scopes: AccessScope[];
  /** The sign-in link (and the email it was made for) the person signed in with. */
  signIn: string;
}

/** The outcome of {@link AccessTokens.verify}; a refusal's message says what to do. */
export type TokenResult = { ok: true; caller: TokenCaller } | { ok: false; message: string };

/**
 * Checks OAuth access tokens for the gateway. Tokens are opaque and looked up on every request,
 * like API keys, so a revoked grant stops at once. A token is refused when it is unknown, expired
 * or revoked, or when it was issued for another resource (RFC 8707: a token is for this gateway's
 * `/mcp` and no other).
 */
export class AccessTokens {
  readonly #resource: string;
  #provider: Provider | undefined;

  constructor(resource: string) {
    this.#resource = resource;
  }

  /** The authorization server whose tokens are checked (set once it has started). */
  attach(provider: Provider): void {
    this.#provider = provider;
  }

  async verify(token: string): Promise<TokenResult> {
    const provider = this.#provider;
    if (provider === undefined)
      return { ok: false, message: 'the gateway’s authorization server is still starting; try again in a moment' };
    const found = await provider.AccessToken.find(token);
    if (found === undefined) {
      return {
        ok: false,
        message: 'this access token is unknown, expired or revoked; sign in again (your client refreshes or restarts the OAuth flow)',
      };
    }
    const audiences = Array.isArray(found.aud) ? found.aud : [found.aud];
    if (!audiences.includes(this.#resource)) {
      return {
        ok: false,
        message: `this access token was issued for ${audiences.join(', ') || 'no resource'}, not for ${this.#resource}; ask for a token with resource=${this.#resource}`,
      };
    }
    const account = found.accountId === undefined ? null : parseOAuthAccountId(found.accountId);
    if (account === null || found.grantId === undefined) {
      return { ok: false, message: 'this access token names no Pipe team; sign in again' };
    }
    const named = (found.scope ?? '').split(' ').filter(isAccessScope);
    // A token is at least `read` (what approving a client means); `admin` adds to it.
    const scopes: AccessScope[] = named.includes('admin') ? ['read', 'admin'] : ['read'];
    const extra = found.extra as { pipe_sign_in?: unknown } | undefined;
    return {
      ok: true,
      caller: {
        team: account.team,
        grantId: found.grantId,
        clientId: found.clientId ?? 'unknown client',
        scopes,
        signIn: typeof extra?.pipe_sign_in === 'string' ? extra.pipe_sign_in : account.linkId,
      },
    };
  }
}
