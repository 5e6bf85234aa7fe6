import { loadConfig, type logLevel, syncWindowDays } from '@pipe/config';
import { runtimeConfigShape } from '@pipe/service-runtime';
import { z } from 'zod';

/** A log level pino understands. */
export type LogLevel = z.infer<typeof logLevel>;

/**
 * Parses one browser origin (`https://app.example.com`, `http://localhost:3000`) to the form the
 * `Origin` header carries, or returns null when the text is not an origin.
 */
export function parseOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // An origin has no path, query, fragment or credentials; allowing them would hide a typo.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null;
  return url.origin;
}

const allowedOrigins = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const origins: string[] = [];
    for (const entry of text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')) {
      const origin = parseOrigin(entry);
      if (origin === null) {
        ctx.addIssue({
          code: 'custom',
          message: `'${entry}' is not an origin; list origins like https://app.example.com,http://intranet:8080 (scheme, host, optional port, no path)`,
        });
        return z.NEVER;
      }
      origins.push(origin);
    }
    return origins;
  });

const hostList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const hosts = text
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part !== '');
    for (const entry of hosts) {
      if (!/^[a-z0-9.[\]:-]+$/.test(entry) || entry.includes('/')) {
        ctx.addIssue({
          code: 'custom',
          message: `'${entry}' is not a host name; list names like pipe.example.com or pipe.example.com:8443`,
        });
        return z.NEVER;
      }
    }
    return hosts;
  });

const urlList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const urls = text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    for (const entry of urls) {
      if (!/^https?:\/\/[^\s]+$/.test(entry)) {
        ctx.addIssue({ code: 'custom', message: `'${entry}' is not an http(s) URL; list issuer URLs like https://auth.example.com` });
        return z.NEVER;
      }
    }
    return urls;
  });

const positiveInt = (fallback: number, example: string) =>
  z.coerce
    .number({ error: `must be a whole number such as ${example}` })
    .int(`must be a whole number such as ${example}`)
    .min(0, 'must not be negative')
    .default(fallback);

/**
 * The environment the gateway reads: the runtime's fields (with its default port) and its own.
 * Empty variables count as unset (so `PORT=` in a compose file means the default), as in every
 * service.
 */
const GatewayConfig = z.object({
  ...runtimeConfigShape(7400),
  /**
   * Browser origins allowed to call `/mcp` besides localhost ones, comma-separated. Requests from
   * any other origin get 403, which stops DNS-rebinding attacks.
   */
  PIPE_ALLOWED_ORIGINS: allowedOrigins,
  /**
   * The gateway's public base URL, used in the OAuth protected-resource metadata and the
   * `WWW-Authenticate` challenge; unset → derived from the request's Host.
   */
  PIPE_PUBLIC_URL: z
    .url({ error: 'must be an http(s) URL such as https://pipe.example.com' })
    .optional()
    .transform((url) => url?.replace(/\/+$/, '')),
  /**
   * Host names (with optional port) the gateway answers besides loopback ones and the public URL's
   * host, comma-separated. Other `Host` headers get 403: DNS rebinding defence.
   */
  PIPE_ALLOWED_HOSTS: hostList,
  /** OAuth authorization servers advertised in the protected-resource metadata, comma-separated. */
  PIPE_AUTHORIZATION_SERVERS: urlList,
  /** Requests per minute per API key, sustained (0 turns limits off). */
  PIPE_RATE_LIMIT_PER_MINUTE: positiveInt(600, '600'),
  /** Requests a key may make at once above the sustained rate. */
  PIPE_RATE_LIMIT_BURST: positiveInt(60, '60'),
  /** How far back the MCP `sync` tool reaches on a first sync or a full pass, in days; the same as the sync service's. */
  SYNC_WINDOW_DAYS: syncWindowDays,
  /** An MCP session without requests or an open stream for this long (ms) is closed. */
  PIPE_SESSION_IDLE_MS: positiveInt(30 * 60_000, '1800000'),
  /** How long an OAuth access token works (seconds); short, since it works until it expires or is revoked. */
  PIPE_OAUTH_ACCESS_TOKEN_TTL_SECONDS: positiveInt(600, '600').refine((n) => n >= 60, 'must be at least 60 seconds'),
  /** How long an OAuth refresh token (and its grant) lives unused (seconds); each use replaces it. */
  PIPE_OAUTH_REFRESH_TOKEN_TTL_SECONDS: positiveInt(30 * 24 * 60 * 60, '2592000').refine((n) => n >= 600, 'must be at least 600 seconds'),
  /** Time limit (ms) for fetching a client's metadata document (Client ID Metadata Document). */
  PIPE_OAUTH_CLIENT_METADATA_TIMEOUT_MS: positiveInt(2500, '2500').refine((n) => n >= 100, 'must be at least 100 ms'),
  /** Largest client metadata document accepted (bytes). */
  PIPE_OAUTH_CLIENT_METADATA_MAX_BYTES: positiveInt(5120, '5120').refine((n) => n >= 512, 'must be at least 512 bytes'),
  /**
   * Development only: fetch client metadata documents from loopback and private addresses too.
   * Off in production, where it would let anyone make the gateway fetch internal URLs.
   */
  PIPE_OAUTH_ALLOW_PRIVATE_CLIENT_METADATA: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});

/** The gateway's configuration, parsed once at boot and frozen (see the fields' docs above). */
export type GatewayConfig = z.infer<typeof GatewayConfig>;

/**
 * Reads the gateway's configuration from the environment (the only place the gateway reads
 * `process.env`). Throws a `ConfigError` (from @pipe/config) naming every invalid variable and what
 * a valid value looks like.
 */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): Readonly<GatewayConfig> {
  return loadConfig('gateway', GatewayConfig, env);
}
