import { databaseUrl, host, loadConfig, logLevel, namespace, natsUrl, streamReplicas } from '@pipe/config';
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
    for (const entry of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
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
    const hosts = text.split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '');
    for (const entry of hosts) {
      if (!/^[a-z0-9.[\]:-]+$/.test(entry) || entry.includes('/')) {
        ctx.addIssue({ code: 'custom', message: `'${entry}' is not a host name; list names like pipe.example.com or pipe.example.com:8443` });
        return z.NEVER;
      }
    }
    return hosts;
  });

const urlList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const urls = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
    for (const entry of urls) {
      if (!/^https?:\/\/[^\s]+$/.test(entry)) {
        ctx.addIssue({ code: 'custom', message: `'${entry}' is not an http(s) URL; list issuer URLs like https://auth.example.com` });
        return z.NEVER;
      }
    }
    return urls;
  });

const positiveInt = (fallback: number, example: string) =>
  z.coerce.number({ error: `must be a whole number such as ${example}` }).int(`must be a whole number such as ${example}`).min(0, 'must not be negative').default(fallback);

/**
 * The environment the gateway reads: the fields every service shares, plus its own. `PORT` keeps a
 * gateway-specific message because the shared field reports a non-number only as "expected number".
 */
const GatewayEnv = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number such as 7400' })
    .int('must be a whole port number such as 7400')
    .min(0, 'must be a port number between 0 and 65535')
    .max(65535, 'must be a port number between 0 and 65535')
    .default(7400),
  HOST: host,
  DATABASE_URL: databaseUrl,
  PIPE_ALLOWED_ORIGINS: allowedOrigins,
  LOG_LEVEL: logLevel,
  NATS_URL: natsUrl,
  PIPE_NAMESPACE: namespace,
  PIPE_STREAM_REPLICAS: streamReplicas,
  PIPE_PUBLIC_URL: z.url({ error: 'must be an http(s) URL such as https://pipe.example.com' }).optional(),
  PIPE_ALLOWED_HOSTS: hostList,
  PIPE_AUTHORIZATION_SERVERS: urlList,
  PIPE_RATE_LIMIT_PER_MINUTE: positiveInt(600, '600'),
  PIPE_RATE_LIMIT_BURST: positiveInt(60, '60'),
  PIPE_SESSION_IDLE_MS: positiveInt(30 * 60_000, '1800000'),
});

/** The gateway's configuration, parsed once at boot and frozen. */
export interface GatewayConfig {
  /** TCP port to listen on (`PORT`, default 7400; 0 picks a free one). */
  readonly port: number;
  /** Interface to bind (`HOST`, default 127.0.0.1 so a fresh install is not exposed to the network). */
  readonly host: string;
  /** Postgres holding the read models and API keys (`DATABASE_URL`). */
  readonly databaseUrl: string;
  /**
   * Browser origins allowed to call `/mcp` besides localhost ones (`PIPE_ALLOWED_ORIGINS`,
   * comma-separated). Requests from any other origin get 403, which stops DNS-rebinding attacks.
   */
  readonly allowedOrigins: readonly string[];
  /** pino log level (`LOG_LEVEL`, default info). */
  readonly logLevel: LogLevel;
  /** NATS, for `PIPE_CHANGES` (`NATS_URL`). */
  readonly natsUrl: string;
  /** Stream and subject prefix (`PIPE_NAMESPACE`, default none). */
  readonly namespace: string;
  /** Replicas of each stream when provisioning (`PIPE_STREAM_REPLICAS`, default 1; 3 on a three-node cluster). */
  readonly streamReplicas: number;
  /**
   * The gateway's public base URL (`PIPE_PUBLIC_URL`), used in the OAuth protected-resource
   * metadata and the `WWW-Authenticate` challenge; unset → derived from the request's Host.
   */
  readonly publicUrl: string | undefined;
  /**
   * Host names (with optional port) the gateway answers besides loopback ones and the public URL's
   * host (`PIPE_ALLOWED_HOSTS`, comma-separated). Other `Host` headers get 403: DNS rebinding defence.
   */
  readonly allowedHosts: readonly string[];
  /** OAuth authorization servers advertised in the protected-resource metadata (`PIPE_AUTHORIZATION_SERVERS`). */
  readonly authorizationServers: readonly string[];
  /** Requests per minute per API key, sustained (`PIPE_RATE_LIMIT_PER_MINUTE`, default 600; 0 turns limits off). */
  readonly rateLimitPerMinute: number;
  /** Requests a key may make at once above the sustained rate (`PIPE_RATE_LIMIT_BURST`, default 60). */
  readonly rateLimitBurst: number;
  /** An MCP session without requests or an open stream for this long is closed (`PIPE_SESSION_IDLE_MS`, default 30 min). */
  readonly sessionIdleMs: number;
}

/**
 * Reads the gateway's configuration from the environment (the only place the gateway reads
 * `process.env`). Empty variables count as unset, so `PORT=` in a compose file means the default.
 * Throws a `ConfigError` (from @pipe/config) naming every invalid variable and what a valid value
 * looks like.
 */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = loadConfig('gateway', GatewayEnv, present);
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    allowedOrigins: Object.freeze([...parsed.PIPE_ALLOWED_ORIGINS]),
    logLevel: parsed.LOG_LEVEL,
    natsUrl: parsed.NATS_URL,
    namespace: parsed.PIPE_NAMESPACE,
    streamReplicas: parsed.PIPE_STREAM_REPLICAS,
    publicUrl: parsed.PIPE_PUBLIC_URL?.replace(/\/+$/, ''),
    allowedHosts: Object.freeze([...parsed.PIPE_ALLOWED_HOSTS]),
    authorizationServers: Object.freeze([...parsed.PIPE_AUTHORIZATION_SERVERS]),
    rateLimitPerMinute: parsed.PIPE_RATE_LIMIT_PER_MINUTE,
    rateLimitBurst: parsed.PIPE_RATE_LIMIT_BURST,
    sessionIdleMs: parsed.PIPE_SESSION_IDLE_MS,
  });
}
