import type { Database } from '@pipe/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccessTokens } from './access-tokens.js';
import { OAUTH_ROUTES, createAuthorizationServer } from './authorization-server.js';
import type { ClientMetadataFetchOptions } from './client-metadata-fetch.js';
import { pruneExpired } from './oauth-store-adapter.js';
import { loadServerKeys } from './server-keys.js';
import { registerSignInRoutes } from './sign-in-routes.js';

/** The authorization server's settings (see `GatewayConfig`'s `PIPE_OAUTH_*`). */
export interface OAuthOptions {
  /** The issuer: the gateway's public base URL, no trailing slash. */
  issuer: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  clientMetadata?: Partial<ClientMetadataFetchOptions>;
}

/** RFC 8414's well-known path for the authorization server's metadata (an issuer with no path). */
export const AUTHORIZATION_SERVER_METADATA_PATH = '/.well-known/oauth-authorization-server';

/**
 * Serves the authorization server next to `/mcp`: oidc-provider's endpoints (its own request
 * handling, body parsing and CORS, so Fastify leaves their bodies unread), the RFC 8414 metadata,
 * and Pipe's sign-in and consent page. Its keys come from the database when the app starts;
 * `tokens` checks the access tokens it issues.
 */
export async function registerAuthorizationServer(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; tokens: AccessTokens; oauth: OAuthOptions },
): Promise<void> {
  const { db, oauth } = deps;
  const provider = createAuthorizationServer({
    db,
    issuer: oauth.issuer,
    keys: await loadServerKeys(db),
    accessTokenTtlSeconds: oauth.accessTokenTtlSeconds ?? 600,
    refreshTokenTtlSeconds: oauth.refreshTokenTtlSeconds ?? 30 * 24 * 60 * 60,
    clientMetadata: { timeoutMs: 2500, maxBytes: 5120, allowPrivateAddresses: false, ...oauth.clientMetadata },
    log: app.log,
  });
  deps.tokens.attach(provider);
  const callback = provider.callback();

  await app.register(async (scope) => {
    // oidc-provider reads and checks request bodies itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const forward = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      void callback(request.raw, reply.raw);
    };
    for (const path of Object.values(OAUTH_ROUTES)) {
      scope.all(path, forward);
      scope.all(`${path}/*`, forward);
    }
    scope.get('/.well-known/openid-configuration', forward);
    scope.get(AUTHORIZATION_SERVER_METADATA_PATH, (request, reply) => {
      request.raw.url = '/.well-known/openid-configuration';
      forward(request, reply);
    });
  });
  await app.register(async (scope) => registerSignInRoutes(scope, { db, issuer: oauth.issuer, provider }));

  // Expired codes, tokens and interactions are ignored when read; this keeps the table small.
  const prune = setInterval(() => void pruneExpired(db).catch((error) => app.log.warn({ err: error }, 'oauth prune failed')), 60 * 60_000);
  prune.unref();
  app.addHook('onClose', async () => clearInterval(prune));
}
