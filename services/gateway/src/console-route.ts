import fastifyStatic from '@fastify/static';
import { CONSOLE_ASSETS_DIR, consoleBuilt } from '@pipe/console';
import type { FastifyInstance } from 'fastify';
import { sendHttpError } from './http-errors.js';

/**
 * What the console page may load: only its own assets, and its own connections (MCP at /mcp,
 * the WebSocket feed at /feed). Nothing from elsewhere, no inline script.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The web console at `/`: the static assets `@pipe/console` builds (index.html, hashed scripts and
 * styles). It is served by the gateway, not a service of its own, because everything it shows comes
 * from the gateway — its MCP tools and WebSocket feed, same origin, same API keys — so a second
 * service would add a port, a CORS policy and a deployment for nothing. An unbuilt console answers
 * 503 saying how to build it.
 */
export function registerConsole(app: FastifyInstance, assetsDir: string = CONSOLE_ASSETS_DIR): void {
  if (!consoleBuilt(assetsDir)) {
    app.get('/', (_request, reply) =>
      sendHttpError(reply, 'CONSOLE_NOT_BUILT', 'the web console is not built; run `npm run setup` (it builds it) and restart the gateway'),
    );
    return;
  }
  void app.register(fastifyStatic, {
    root: assetsDir,
    prefix: '/',
    // One route per file found at start, so no wildcard shadows the gateway's other routes.
    wildcard: false,
    index: ['index.html'],
    // The headers below say how long to cache; the plugin's own max-age=0 would override them.
    cacheControl: false,
    setHeaders(res, path) {
      // Built assets carry a content hash in their names; index.html must always be fetched anew.
      res.setHeader('cache-control', /\/assets\//.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
    },
  });
}
