import { type Database, findSignInLink, parseOAuthAccountId } from '@pipe/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import Provider, { type Configuration, errors } from 'oidc-provider';
import { type ClientMetadataFetchOptions, clientMetadataFetch, refuseClientMetadataUrl } from './client-metadata-fetch.js';
import { consoleClient } from './console-client.js';
import { postgresAdapter } from './oauth-store-adapter.js';
import type { ServerKeys } from './server-keys.js';

/** Where the authorization server's endpoints live, under the issuer. */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  // Not offered to MCP clients, but oidc-provider needs a path for each.
  end_session: '/oauth/session/end',
  userinfo: '/oauth/me',
  introspection: '/oauth/introspect',
} as const;

/** The page a person signs in and approves on (`/oauth/interaction/<uid>`). */
export const INTERACTION_PATH = '/oauth/interaction';

/** The scopes a token for the gateway may carry, as one string per the resource server. */
const RESOURCE_SCOPES = 'read admin';

/** How the authorization server is set up. */
export interface AuthorizationServerOptions {
  db: Kysely<Database>;
  /** The issuer: the gateway's public base URL (`PIPE_PUBLIC_URL`), no trailing slash. */
  issuer: string;
  keys: ServerKeys;
  /** Access token lifetime (seconds): short, since a leaked one works until it expires or is revoked. */
  accessTokenTtlSeconds: number;
  /** Refresh token lifetime (seconds); each use replaces it with a new one. */
  refreshTokenTtlSeconds: number;
  /** How Client ID Metadata Documents are fetched. */
  clientMetadata: ClientMetadataFetchOptions;
  log: FastifyBaseLogger;
}

/** The protected resource every token is for: the gateway's `/mcp`. */
export const resourceOf = (issuer: string): string => `${issuer}/mcp`;

/**
 * The gateway's OAuth 2.1 authorization server, oidc-provider configured for what the MCP
 * authorization spec (2025-11-25) asks: authorization code with PKCE (S256) for every client;
 * clients identified by a Client ID Metadata Document (an https URL fetched with time, size and
 * address limits) or registered dynamically (RFC 7591, public clients); every token bound to the
 * gateway's `/mcp` (RFC 8707) with the scopes `read` and `admin`; opaque access tokens looked up
 * on every request (so revocation is immediate, as for keys); refresh tokens that rotate on every
 * use, where reusing an old one revokes the whole grant.
 */
export function createAuthorizationServer(options: AuthorizationServerOptions): Provider {
  const resource = resourceOf(options.issuer);
  const configuration: Configuration = {
    adapter: postgresAdapter(options.db),
    // The web console's own client; every other client registers or brings a metadata document.
    clients: [consoleClient(options.issuer)],
    jwks: options.keys.jwks as Configuration['jwks'],
    cookies: { keys: options.keys.cookieKeys },
    routes: OAUTH_ROUTES,
    responseTypes: ['code'],
    // Listed so clients may name them when they register (RFC 7591 `scope`); tokens get them through the resource.
    scopes: ['openid', 'offline_access', 'read', 'admin'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      // The one signing key is an EC key (see server-keys.ts).
      id_token_signed_response_alg: 'ES256',
    },
    // Browser-based clients (the MCP Inspector) call the token and registration endpoints directly.
    clientBasedCORS: () => true,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    interactions: { url: async (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // The person and link behind a token travel with it, for the audit log.
    extraTokenClaims: async (_ctx, token) => {
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const account = accountId === undefined ? null : parseOAuthAccountId(accountId);
      if (account === null) return undefined;
      const link = await findSignInLink(options.db, account.linkId);
      return { pipe_sign_in: link?.email ? `${link.id} ${link.email}` : account.linkId };
    },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      RefreshToken: options.refreshTokenTtlSeconds,
      Grant: options.refreshTokenTtlSeconds,
      Interaction: 30 * 60,
      Session: 24 * 60 * 60,
      IdToken: 60 * 60,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      // A client revokes only its own tokens (RFC 7009 §2.1).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      introspection: { enabled: false },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== resource) {
            throw new errors.InvalidTarget(`this authorization server issues tokens only for ${resource}, not ${indicator}`);
          }
          return { scope: RESOURCE_SCOPES, audience: resource, accessTokenTTL: options.accessTokenTtlSeconds, accessTokenFormat: 'opaque' };
        },
      },
      ...({
        clientIdMetadataDocument: {
          enabled: true,
          ack: 'draft-02',
          allowFetch: async (_ctx: unknown, clientId: string) => {
            const refusal = await refuseClientMetadataUrl(clientId, options.clientMetadata);
            if (refusal !== null) options.log.warn({ clientId, refusal }, 'client metadata document refused');
            return refusal === null;
          },
          cacheDuration: { min: 60, max: 24 * 60 * 60 },
        },
      } as Configuration['features']),
    },
    ...({
      fetch: clientMetadataFetch(options.clientMetadata),
      fetchResponseBodyLimits: { 'client_id metadata document': options.clientMetadata.maxBytes },
    } as Partial<Configuration>),
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out.error, out.error_description);
    },
  };
  const provider = new Provider(options.issuer, configuration);
  // Behind a TLS-terminating proxy the provider trusts X-Forwarded-Proto for the URLs it builds.
  provider.proxy = true;
  provider.on('server_error', (_ctx, error) => options.log.error({ err: error }, 'authorization server error'));
  provider.on('grant.error', (_ctx, error) => options.log.info({ error: error.message }, 'token request refused'));
  return provider;
}

/** The page shown when an authorization request cannot go on (bad client, bad redirect). */
function errorPage(error: unknown, description: unknown): string {
  const escapeHtml = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pipe could not sign you in</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
<h1>Pipe could not sign you in</h1><p><strong>${escapeHtml(error)}</strong>: ${escapeHtml(description)}</p>
<p>Start again from your assistant's connector settings; if it keeps failing, give this message to whoever runs Pipe.</p></body></html>`;
}
