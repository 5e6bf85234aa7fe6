import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where the metadata document lives (RFC 9728 §3: the well-known path plus the resource's path). */
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/** Options of the protected-resource metadata. */
export interface ProtectedResourceOptions {
  /** The public base URL; unset → derived from the request. */
  publicUrl?: string | undefined;
  /** Authorization servers that issue tokens for this resource (Pipe's own first, when it runs one). */
  authorizationServers?: readonly string[];
  /** Scopes a token for this resource may carry. */
  scopesSupported?: readonly string[];
}

/** The gateway's base URL as the client reached it. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.headers.host ?? `${request.hostname}`}`;
}

/** The URL of the `/mcp` resource's metadata, for the `resource_metadata` challenge parameter. */
export function resourceMetadataUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  return `${baseUrlOf(request, publicUrl)}${PROTECTED_RESOURCE_PATH}/mcp`;
}

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for `/mcp`, at the well-known URL and at the
 * well-known URL plus `/mcp`, so an MCP client that receives the `WWW-Authenticate` challenge can
 * discover how to get a token: from Pipe's own authorization server (its issuer is the public
 * URL), or one named in `PIPE_AUTHORIZATION_SERVERS`. Static API keys need none of it.
 */
export function registerProtectedResourceMetadata(app: FastifyInstance, options: ProtectedResourceOptions): void {
  const handler = async (request: FastifyRequest) => ({
    resource: `${baseUrlOf(request, options.publicUrl)}/mcp`,
    ...(options.authorizationServers?.length ? { authorization_servers: [...options.authorizationServers] } : {}),
    ...(options.scopesSupported?.length ? { scopes_supported: [...options.scopesSupported] } : {}),
    bearer_methods_supported: ['header'],
    resource_name: 'Pipe MCP gateway',
  });
  app.get(PROTECTED_RESOURCE_PATH, handler);
  app.get(`${PROTECTED_RESOURCE_PATH}/mcp`, handler);
}
