import { type Bus, type StreamNames, connectBus, provisionStreams, streamNames } from '@pipe/bus';
import { loadConfig } from '@pipe/config';
import { SecretBox, createDb, databaseReachable, migrateToLatest, parseSecretKey } from '@pipe/db';
import { pathToFileURL } from 'node:url';
import { type MicroServiceRegistration, REDACTED_PATHS, collectProcessMetrics, createLogger, drainHttp, packageVersion, startTelemetry } from '@pipe/telemetry';
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
import { registerIngestInstance } from './register-ingest-instance.js';

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
  /** `ingest-slack`: the logger's and the connections' name. */
  name: string;
  /** The port when `PORT` is unset (slack 7402, jira 7403, …). */
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
 * Everything `main.ts` of an ingest service does: load the configuration (the shared fields
 * `PORT`, `HOST`, `NATS_URL`, `DATABASE_URL`, `PIPE_NAMESPACE`, `PIPE_SECRET_KEY`,
 * `INGEST_BODY_LIMIT_BYTES`, `INGEST_PUBLISH_TIMEOUT_MS`, `LOG_LEVEL` plus `config`), connect to
 * Postgres and migrate, connect to NATS and provision the streams, build the app with a cached
 * secret lookup, listen, and drain on SIGTERM/SIGINT (`app.close()`, `nc.drain()`,
 * `db.destroy()`).
 *
 * @example
 * // services/ingest-slack/src/main.ts
 * await runIngestService({ name: 'ingest-slack', defaultPort: 7402, platform: slackPlatform });
 */
export async function runIngestService<Extra extends z.ZodRawShape = Record<never, never>>(
  options: IngestServiceOptions<Extra>,
): Promise<RunningIngestService> {
  const schema = z.object({ ...ingestConfigShape(options.defaultPort), ...(options.config ?? {}) });
  const config = loadConfig(options.name, schema, options.env) as Readonly<IngestConfig & z.infer<z.ZodObject<Extra>>>;
  const factory = options.platform;
  const version = options.version ?? packageVersion(pathToFileURL(process.argv[1] ?? '.').href);
  // Traces start before any connection, so nothing the service does runs untraced.
  const telemetry = startTelemetry({ service: options.name, version, ...(options.env ? { env: options.env } : {}) });
  collectProcessMetrics();
  const logger = createLogger({ name: options.name, level: config.LOG_LEVEL, redact: REDACTED_HEADER_PATHS });
  const box = new SecretBox(parseSecretKey(config.PIPE_SECRET_KEY));
  const db = createDb({ url: config.DATABASE_URL, applicationName: `pipe-${options.name}` });
  await migrateToLatest(db);
  // Publishes are the hot path; their errors name the subject and reason already.
  const bus = await connectBus({ url: config.NATS_URL, name: `pipe-${options.name}`, asyncTraces: false });
  const names = streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS);
  await provisionStreams(bus.jsm, names, undefined, { replicas: config.PIPE_STREAM_REPLICAS });

  const platform = typeof factory === 'function' ? factory({ config, bus, names, db, box, logger }) : factory;
  // A child's redaction replaces its parent's, so the shared paths are repeated. The headers are
  // the platform modules': one list for the logs of every part of Pipe.
  const redact = [...REDACTED_PATHS, ...REDACTED_HEADER_PATHS];
  let draining = false;
  const publisher = busPublisher(bus, names, { timeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS });
  const cacheTtlMs = options.lookupCacheTtlMs?.(config);
  const app = buildIngestApp(platform, {
    logger: logger.child({}, { redact }),
    bodyLimitBytes: config.INGEST_BODY_LIMIT_BYTES,
    publisher,
    io: dbIngestIo(db, box, publisher, logger, cacheTtlMs === undefined ? {} : { cacheTtlMs }),
    credentialFor: cacheByTeam(dbCredentials(db, box, platform.platform)),
    notReadyReason: () => notReadyReason(),
  });

  const notReadyReason = async (): Promise<string | null> => {
    if (draining) return 'draining: the service is stopping';
    if (bus.nc.isClosed()) return 'the NATS connection is closed';
    return (await databaseReachable(db)) ? null : 'Postgres is unreachable';
  };

  let instance: MicroServiceRegistration | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      draining = true;
      logger.info('draining: no new deliveries, finishing the ones in flight');
      // Leave discovery first, then stop accepting and let in-flight deliveries reach their ack
      // (Fastify's close waits for them), then flush NATS, then close Postgres and traces.
      await instance?.stop().catch(() => undefined);
      await drainHttp(app);
      await bus.nc.drain();
      await db.destroy();
      logger.info('stopped');
      await telemetry.shutdown();
    })();
    return stopped;
  };
  if (options.handleSignals !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop());
  }

  await app.listen({ port: config.PORT, host: config.HOST });
  instance = await registerIngestInstance(bus.nc, {
    service: options.name,
    version,
    namespace: config.PIPE_NAMESPACE,
    platform: platform.platform,
    notReadyReason,
    draining: () => draining,
  });
  logger.info({ instance: instance.id, port: app.server.address() }, 'listening');
  return { app, stop, instanceId: instance.id };
}
