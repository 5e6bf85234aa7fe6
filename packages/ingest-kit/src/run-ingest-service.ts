import type { Bus, StreamNames } from '@pipe/bus';
import { loadConfig } from '@pipe/config';
import { SecretBox, type createDb, parseSecretKey } from '@pipe/db';
import { startService } from '@pipe/service-runtime';
import { REDACTED_PATHS } from '@pipe/telemetry';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { buildIngestApp } from './build-ingest-app.js';
import { type IngestConfig, ingestConfigShape } from './ingest-config.js';
import { type IngestPlatform, REDACTED_HEADER_PATHS } from '@pipe/platforms';
import { busPublisher } from './publisher.js';
import { cacheByTeam } from './secret-cache.js';
import { dbCredentials } from './team-credentials.js';
import { dbIngestIo } from './db-lookups.js';
import { acceptedWebhooks } from './webhook-telemetry.js';

/** What a platform factory may use: the service's connections and configuration. */
export interface IngestResources<Config = IngestConfig> {
  config: Readonly<Config>;
  bus: Bus;
  names: StreamNames;
  db: ReturnType<typeof createDb>;
  /** Opens the teams' stored secrets. */
  box: SecretBox;
  logger: Logger;
}

/** Options of {@link runIngestService}. */
export interface IngestServiceOptions<Extra extends z.ZodRawShape> {
  /** The service's name (its module's `service.name`): the logger's and the connections' name. */
  name: string;
  /** The port when `PORT` is unset (its module's `service.defaultPort`). */
  defaultPort: number;
  /** The platform, or a factory for one that needs the connections (an API-key check, a fetcher). */
  platform: IngestPlatform<unknown> | ((resources: IngestResources<IngestConfig & z.infer<z.ZodObject<Extra>>>) => IngestPlatform<unknown>);
  /** How long the platform's cached lookups (an API key's team, a team's prompt opt-in) are kept, in ms (default 15 s). */
  lookupCacheTtlMs?(config: Readonly<IngestConfig & z.infer<z.ZodObject<Extra>>>): number;
  /** The service's own configuration fields (zod), beside the shared ones. */
  config?: Extra;
  /** The environment to read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The service's version for discovery and traces (default: the package.json beside the started script). */
  version?: string;
  /** Handle SIGTERM/SIGINT by draining (default true; tests running several services in one process turn it off). */
  handleSignals?: boolean;
}

/** A running ingest service. */
export interface RunningIngestService {
  app: FastifyInstance;
  /** Drains: stops taking deliveries, finishes those in flight, closes NATS and Postgres. */
  stop(): Promise<void>;
  /** This instance's id in NATS micro-service discovery (`pipe status`). */
  instanceId: string;
}

/**
 * Everything `main.ts` of an ingest service does: load the configuration (the runtime's shared
 * fields, `PIPE_SECRET_KEY`, `INGEST_BODY_LIMIT_BYTES`, `INGEST_PUBLISH_TIMEOUT_MS`, plus
 * `config`), start the service runtime (telemetry, Postgres migrated, NATS provisioned), build the
 * app with a cached secret lookup, serve it and register for `pipe status`. The runtime drains it
 * on SIGTERM/SIGINT: out of discovery, no new deliveries, those in flight answered after their
 * acks, then NATS, Postgres and traces closed.
 *
 * @example
 * // services/ingest-<name>/src/main.ts, with `module` its platform module from `@pipe/platforms`
 * await runIngestService({ name: module.service.name, defaultPort: module.service.defaultPort, platform: module.ingest });
 */
export async function runIngestService<Extra extends z.ZodRawShape = Record<never, never>>(
  options: IngestServiceOptions<Extra>,
): Promise<RunningIngestService> {
  const schema = z.object({ ...ingestConfigShape(options.defaultPort), ...(options.config ?? {}) });
  const config = loadConfig(options.name, schema, options.env) as Readonly<IngestConfig & z.infer<z.ZodObject<Extra>>>;
  const factory = options.platform;
  const box = new SecretBox(parseSecretKey(config.PIPE_SECRET_KEY));
  const service = await startService({
    name: options.name,
    config,
    drains: 'draining: no new deliveries, finishing the ones in flight',
    // Publishes are the hot path; their errors name the subject and reason already.
    asyncTraces: false,
    // Known teams' secrets are served from memory through an outage this long, so ingest stays ready through it.
    databaseOutageGraceMs: config.INGEST_SECRET_MAX_STALE_MS,
    logRedact: REDACTED_HEADER_PATHS,
    ...(options.env ? { env: options.env } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.handleSignals === false ? { handleSignals: false } : {}),
  });
  const { bus, names, db, logger } = service;

  const platform = typeof factory === 'function' ? factory({ config, bus, names, db, box, logger }) : factory;
  // A child's redaction replaces its parent's, so the shared paths are repeated. The headers are
  // the platform modules': one list for the logs of every part of Pipe.
  const redact = [...REDACTED_PATHS, ...REDACTED_HEADER_PATHS];
  const publisher = busPublisher(bus, names, { timeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS });
  const cacheTtlMs = options.lookupCacheTtlMs?.(config);
  const app = buildIngestApp(platform, {
    logger: logger.child({}, { redact }),
    bodyLimitBytes: config.INGEST_BODY_LIMIT_BYTES,
    publisher,
    io: dbIngestIo(db, box, publisher, logger, {
      maxStaleMs: config.INGEST_SECRET_MAX_STALE_MS,
      ...(cacheTtlMs === undefined ? {} : { cacheTtlMs }),
    }),
    // A team that exists is served from memory through a short outage; an unknown one is asked again (it may just have been created).
    credentialFor: cacheByTeam(dbCredentials(db, box, platform.platform), {
      ttlMs: config.INGEST_SECRET_TTL_MS,
      maxStaleMs: config.INGEST_SECRET_MAX_STALE_MS,
      servesStale: (credential) => credential !== null,
    }),
    notReadyReason: service.notReadyReason,
  });
  const serving = await service.serve({
    app,
    description: `Pipe ${platform.platform} webhooks into PIPE_EVENTS`,
    throughput: acceptedWebhooks,
  });
  return { app, stop: service.stop, instanceId: serving.instanceId };
}
