import { type OAuthClientProvider, auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { CONSOLE_CLIENT_ID } from '../src/console-client.js';

/** Everything of a sign-in is kept for this tab only (session storage): closing it signs out. */
const STORE = {
  tokens: 'pipe.oauth.tokens',
  verifier: 'pipe.oauth.verifier',
  state: 'pipe.oauth.state',
  // The page to show after the round trip: the redirect is `/` alone, so the hash would be lost.
  returnTo: 'pipe.oauth.returnTo',
} as const;

/** What the console asks for: reading is all it does. */
const SCOPE = 'read';

/** A refreshed token is fetched this long before the old one expires. */
const EXPIRY_MARGIN_MS = 30_000;

type StoredTokens = OAuthTokens & { expiresAt?: number };

const mcpUrl = () => new URL('/mcp', window.location.origin);

/**
 * The console as an OAuth client of the gateway's own authorization server, for the MCP SDK's
 * `auth()` (discovery, PKCE, code exchange, refresh) and transport. The client is the built-in
 * `pipe-console` (not registered: see the gateway's console-client.ts); tokens, the PKCE verifier
 * and the state live in this tab's session storage.
 */
export class ConsoleOAuth implements OAuthClientProvider {
  get redirectUrl(): string {
    return `${window.location.origin}/`;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Pipe console',
      redirect_uris: [this.redirectUrl],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: SCOPE,
    };
  }

  clientInformation(): OAuthClientInformationMixed {
    return { client_id: CONSOLE_CLIENT_ID };
  }

  state(): string {
    const state = crypto.randomUUID();
    sessionStorage.setItem(STORE.state, state);
    return state;
  }

  tokens(): OAuthTokens | undefined {
    const saved = sessionStorage.getItem(STORE.tokens);
    return saved ? (JSON.parse(saved) as StoredTokens) : undefined;
  }

  saveTokens(tokens: OAuthTokens): void {
    const expiresAt = tokens.expires_in === undefined ? undefined : Date.now() + tokens.expires_in * 1000;
    sessionStorage.setItem(STORE.tokens, JSON.stringify({ ...tokens, expiresAt } satisfies StoredTokens));
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    window.location.assign(authorizationUrl.toString());
  }

  saveCodeVerifier(codeVerifier: string): void {
    sessionStorage.setItem(STORE.verifier, codeVerifier);
  }

  codeVerifier(): string {
    const verifier = sessionStorage.getItem(STORE.verifier);
    if (!verifier) throw new Error('this tab did not start the sign-in (no PKCE verifier): sign in again');
    return verifier;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'tokens') sessionStorage.removeItem(STORE.tokens);
    if (scope === 'all' || scope === 'verifier') sessionStorage.removeItem(STORE.verifier);
  }

  /** True when this tab holds tokens. */
  signedIn(): boolean {
    return this.tokens() !== undefined;
  }

  /** A current access token (refreshed first when it is about to expire), for the WebSocket feed. */
  async accessToken(): Promise<string> {
    const tokens = this.tokens() as StoredTokens | undefined;
    if (tokens === undefined) throw new Error('not signed in');
    if (tokens.expiresAt !== undefined && tokens.expiresAt - Date.now() < EXPIRY_MARGIN_MS && tokens.refresh_token) {
      await auth(this, { serverUrl: mcpUrl(), scope: SCOPE });
    }
    return (this.tokens() as OAuthTokens).access_token;
  }

  /** Sends the browser to Pipe's sign-in page (it comes back to `/` with a code). */
  async start(): Promise<void> {
    this.invalidateCredentials('all');
    sessionStorage.setItem(STORE.returnTo, window.location.hash);
    await auth(this, { serverUrl: mcpUrl(), scope: SCOPE });
  }

  /**
   * Ends a sign-in the browser came back from (`/?code=…&state=…`): checks the state, exchanges
   * the code, and takes the code out of the address bar. False when the address holds none.
   */
  async finish(): Promise<boolean> {
    const params = new URLSearchParams(window.location.search);
    const code = params.get('code');
    const error = params.get('error');
    if (code === null && error === null) return false;
    const expectedState = sessionStorage.getItem(STORE.state);
    const returnTo = sessionStorage.getItem(STORE.returnTo) ?? window.location.hash;
    sessionStorage.removeItem(STORE.state);
    sessionStorage.removeItem(STORE.returnTo);
    window.history.replaceState(null, '', `${window.location.pathname}${returnTo}`);
    // replaceState fires no hashchange: tell the router the page changed.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    if (error !== null) throw new Error(params.get('error_description') ?? error);
    if (expectedState === null || params.get('state') !== expectedState) {
      throw new Error('this sign-in was not started from this tab (the state does not match): sign in again');
    }
    await auth(this, { serverUrl: mcpUrl(), authorizationCode: code as string, scope: SCOPE });
    sessionStorage.removeItem(STORE.verifier);
    return true;
  }

  /**
   * Signs out: revokes the refresh token (which ends the whole grant, its access tokens with it)
   * and the access token at the gateway (RFC 7009), then forgets them.
   */
  async signOut(): Promise<void> {
    const tokens = this.tokens();
    this.invalidateCredentials('all');
    if (tokens === undefined) return;
    const revoke = (token: string, hint: string) =>
      fetch('/oauth/revoke', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, token_type_hint: hint, client_id: CONSOLE_CLIENT_ID }),
      }).catch(() => undefined);
    await Promise.all([
      ...(tokens.refresh_token ? [revoke(tokens.refresh_token, 'refresh_token')] : []),
      revoke(tokens.access_token, 'access_token'),
    ]);
  }
}

/**
 * Whether this gateway signs people in with OAuth here: its protected-resource metadata names an
 * authorization server at this very origin (the console's redirect is `<issuer>/`). The issuer is
 * returned when it is elsewhere, so the page can say where to open the console instead.
 */
export async function oauthAvailability(): Promise<{ available: boolean; issuer: string | null }> {
  try {
    const response = await fetch('/.well-known/oauth-protected-resource/mcp');
    if (!response.ok) return { available: false, issuer: null };
    const metadata = (await response.json()) as { authorization_servers?: string[] };
    const issuer = metadata.authorization_servers?.[0] ?? null;
    return { available: issuer !== null && new URL(issuer).origin === window.location.origin, issuer };
  } catch {
    return { available: false, issuer: null };
  }
}
