import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * An MCP client's OAuth state kept in memory, the SDK's `OAuthClientProvider`: what a real client
 * stores between runs. `redirectToAuthorization` only records the URL; a test then plays the
 * person in the browser with {@link approveInBrowser}.
 */
export class TestOAuthClient implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  #client: OAuthClientInformationMixed | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';
  readonly clientMetadataUrl: string | undefined;

  constructor(
    readonly redirectUrl: string,
    options: { clientName?: string; clientMetadataUrl?: string } = {},
  ) {
    this.clientMetadataUrl = options.clientMetadataUrl;
    this.clientMetadata = {
      client_name: options.clientName ?? 'Test assistant',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  readonly clientMetadata: OAuthClientMetadata;

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.#client;
  }
  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.#client = info;
  }
  tokens(): OAuthTokens | undefined {
    return this.#tokens;
  }
  saveTokens(tokens: OAuthTokens): void {
    this.#tokens = tokens;
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }
  codeVerifier(): string {
    return this.#verifier;
  }
}

/** A browser's cookies, enough for the sign-in flow (every cookie goes to every path of the issuer). */
export class CookieJar {
  readonly #cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** What the person's browser ended on: the client's redirect (with a code or an error), or a Pipe page. */
export type BrowserOutcome = { redirect: URL } | { page: string; status: number };

/**
 * Plays the person: opens the authorization URL, follows Pipe's redirects to the sign-in page,
 * submits `code` with `decision`, and follows on until the browser leaves for the client's
 * redirect URI (or stops on a Pipe page, whose HTML is returned).
 */
export async function approveInBrowser(
  authorizationUrl: URL,
  options: { code?: string; decision?: 'approve' | 'deny'; jar?: CookieJar } = {},
): Promise<BrowserOutcome> {
  const jar = options.jar ?? new CookieJar();
  const issuer = authorizationUrl.origin;
  let url = authorizationUrl;
  let posted = false;
  for (let hops = 0; hops < 10; hops += 1) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      if (url.origin !== issuer) return { redirect: url };
      continue;
    }
    const page = await response.text();
    if (posted || response.status !== 200 || !page.includes('name="decision"')) return { page, status: response.status };
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
    const form = new URLSearchParams({ decision: options.decision ?? 'approve' });
    if (options.code !== undefined) form.set('code', options.code);
    const submitted = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', origin: issuer },
      body: form,
    });
    jar.store(submitted);
    posted = true;
    const next = submitted.headers.get('location');
    if (next === null) return { page: await submitted.text(), status: submitted.status };
    url = new URL(next, url);
    if (url.origin !== issuer) return { redirect: url };
  }
  throw new Error(`the sign-in flow did not end after 10 redirects (at ${url})`);
}
