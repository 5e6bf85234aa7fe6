import { parseOrigin } from './config.js';

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request carrying this `Origin` header may proceed. The MCP spec asks servers to check
 * the origin so that a web page whose DNS name was rebound to this machine cannot drive the
 * gateway from a browser: pages served from localhost and the configured origins pass, any other
 * origin (including the opaque `null`) does not. A request without `Origin` does not come from a
 * browser page and passes.
 */
export function isAllowedOrigin(origin: string | undefined, allowedOrigins: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  const parsed = parseOrigin(origin);
  if (parsed === null) return false;
  if (LOCAL_HOSTNAMES.has(new URL(parsed).hostname)) return true;
  return allowedOrigins.has(parsed);
}
