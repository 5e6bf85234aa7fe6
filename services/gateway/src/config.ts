import { databaseUrl, host, loadConfig, logLevel } from '@pipe/config';
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
}

/**
 * Reads the gateway's configuration from the environment (the only place the gateway reads
 * `process.env`). Empty variables count as unset, so `PORT=` in a compose file means the default.
 * Throws a `ConfigError` (from @pipe/config) naming every invalid variable and what a valid value
 * looks like.
 */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const { PORT, HOST, DATABASE_URL, PIPE_ALLOWED_ORIGINS, LOG_LEVEL } = loadConfig('gateway', GatewayEnv, present);
  return Object.freeze({
    port: PORT,
    host: HOST,
    databaseUrl: DATABASE_URL,
    allowedOrigins: Object.freeze([...PIPE_ALLOWED_ORIGINS]),
    logLevel: LOG_LEVEL,
  });
}
