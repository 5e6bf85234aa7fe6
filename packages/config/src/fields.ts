import { z } from 'zod';

/**
 * Configuration fields every service shares. Each service composes its own zod schema from these
 * plus its own fields, and parses `process.env` once at start with `loadConfig`.
 */

/** NATS servers, comma-separated. */
export const natsUrl = z
  .string()
  .regex(/^(nats|tls|wss?):\/\/[^,\s]+(,(nats|tls|wss?):\/\/[^,\s]+)*$/, 'must be nats://host:port (several separated by commas)')
  .default('nats://127.0.0.1:4222');

/** The Postgres database holding Pipe's tables. */
export const databaseUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres://user@host:port/database URL')
  .default('postgres://postgres@127.0.0.1:5432/pipe');

/** Prefix of stream names and subjects, so several stacks (or test runs) share one NATS. */
export const namespace = z
  .string()
  .regex(/^([a-z0-9][a-z0-9_-]{0,30})?$/, 'must be empty or up to 31 lowercase letters, digits, - or _')
  .default('');

/** How much the service logs (pino levels; `silent` logs nothing). */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A TCP port to listen on, with the service's default (`0` picks a free one). */
export const port = (fallback: number) =>
  z.coerce
    .number({ error: `must be a port number such as ${fallback || 7400}` })
    .int(`must be a whole port number such as ${fallback || 7400}`)
    .min(0, 'must be a port number between 0 and 65535')
    .max(65535, 'must be a port number between 0 and 65535')
    .default(fallback);

/** The interface to listen on (default loopback; `0.0.0.0` in containers). */
export const host = z.string().min(1).default('127.0.0.1');

/** The AES-256-GCM key for webhook secrets at rest: 64 hex characters or base64 of 32 bytes. */
export const secretKey = z
  .string({ error: 'is required: 32 random bytes as base64 (openssl rand -base64 32); `pipe up` makes one in .pipe/' })
  .refine((text) => /^[0-9a-fA-F]{64}$/.test(text.trim()) || Buffer.from(text.trim(), 'base64').length === 32, {
    message: 'must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)',
  });

/** How many partitions the log is split into by team; every service of a stack must agree. */
export const partitions = z.coerce.number().int().min(1).max(64).default(4);

/**
 * Servers holding each of Pipe's streams (`PIPE_STREAM_REPLICAS`): 1 on a single server, 3 on a
 * three-node cluster (the Kubernetes manifests), so any one server can be lost.
 */
export const streamReplicas = z.coerce
  .number()
  .int()
  .min(1, 'must be at least 1')
  .max(5, 'must be at most 5 (JetStream allows 1-5 replicas)')
  .default(1);

/** How far back a sync reaches when `SYNC_WINDOW_DAYS` is unset: a quarter, as GitHub-for-Jira's backfill does half a year. */
export const DEFAULT_SYNC_WINDOW_DAYS = 90;

/**
 * How far back a sync reaches, in days (`SYNC_WINDOW_DAYS`): a scope's first sync, and every full
 * pass. Shared because three places queue sync jobs — the sync service's scheduler, `pipe sync` and
 * the MCP `sync` tool — and all three must reach back as far.
 */
export const syncWindowDays = z.coerce
  .number({ error: 'must be a number of days such as 90' })
  .int('must be a whole number of days such as 90')
  .min(1, 'must be at least 1 day')
  .max(3650, 'must be at most 3650 days (10 years)')
  .default(DEFAULT_SYNC_WINDOW_DAYS);
