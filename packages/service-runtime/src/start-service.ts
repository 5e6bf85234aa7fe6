import { pathToFileURL } from 'node:url';
import { type Bus, type StreamNames, connectBus, provisionLockName, provisionStreams, streamNames } from '@pipe/bus';
import { type Database, createDb, databaseReachable, migrateToLatest, withAdvisoryLock } from '@pipe/db';
import { type Telemetry, collectProcessMetrics, createLogger, packageVersion, startTelemetry } from '@pipe/telemetry';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { RuntimeConfig } from './config.js';
import { drainHttp } from './drain-http.js';
import { buildProbeServer } from './probe-server.js';
import { StreamLeaders } from './stream-leaders.js';
import { type InstanceReport, registerServiceInstance } from './service-instance.js';

/** Options of {@link startService}. */
export interface ServiceOptions<C extends RuntimeConfig> {
  /** `gateway`, `projector`, `ingest-github`: the logger's, the traces' and the connections' name. */
  name: string;
  /** The service's configuration, parsed once (see `runtimeConfigShape`). */
  config: Readonly<C>;
  /** What the drain finishes, logged when it begins (`draining: finishing the batch in hand`). */
  drains: string;
  /** The environment telemetry reads its `OTEL_*` switches from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The version for discovery and traces (default: the package.json beside the started script). */
  version?: string;
  /** More log paths to redact: the platform modules' signature headers (`REDACTED_HEADER_PATHS` of @pipe/platforms). */
  logRedact?: readonly string[];
  /** Postgres connections in the pool (default 10). */
  poolSize?: number;
  /** Settings every Postgres connection starts with (see `DbOptions.settings`). */
  dbSettings?: Readonly<Record<string, string>>;
  /**
   * How long a Postgres outage leaves the service ready, reported `degraded` in `pipe status`
   * (default 0: not ready at once). Ingest verifies known teams with the secrets it read before
   * the outage for that long (`INGEST_SECRET_MAX_STALE_MS`), so it stays in the load balancer.
   */
  databaseOutageGraceMs?: number;
  /** Capture a stack per NATS request (default true; hot publishers turn it off, see `connectBus`). */
  asyncTraces?: boolean;
  /**
   * Drain on SIGTERM/SIGINT, then exit — 1 if the drain or the service's work failed (default
   * true; tests running several services in one process turn it off and call `stop`).
   */
  handleSignals?: boolean;
}

/** Options of {@link Service.serve}. */
export interface ServeOptions extends InstanceReport {
  /** The service's app (its routes and the health plugin); without one, a probe server is built. */
  app?: FastifyInstance;
}

/** A service serving: listening and registered for `pipe status`. */
export interface Serving {
  app: FastifyInstance;
  /** The bound port (the configured one, or the one picked for port 0). */
  port: number;
  /** This instance's id in NATS micro-service discovery. */
  instanceId: string;
}

/** A started service: its connections, and the one start/serve/drain sequence. */
export interface Service<C extends RuntimeConfig = RuntimeConfig> {
  readonly name: string;
  readonly version: string;
  readonly config: Readonly<C>;
  readonly logger: Logger;
  /** Postgres, migrated to the latest schema. */
  readonly db: Kysely<Database>;
  /** NATS, with Pipe's streams provisioned. */
  readonly bus: Bus;
  readonly names: StreamNames;
  /** Aborted when the drain begins: work in hand finishes, no new work starts. */
  readonly stopping: AbortSignal;
  /** Null when ready (NATS open, Postgres answering, not draining, every added check passing), else why not. */
  notReadyReason(): Promise<string | null>;
  /** Null when all is well; else why not — the not-ready reason, or what is wrong while the service still serves. */
  degradedReason(): Promise<string | null>;
  /**
   * Adds a condition of the service's own to its readiness (`/ready`, `pipe status`): `check`
   * returns null while it holds, else why not (`partition p0: reconnecting to Postgres`).
   */
  addReadinessCheck(check: ReadinessCheck): void;
  /**
   * Listens (`PORT`, `HOST`) and registers the instance as a NATS micro service. Rejects when a
   * signal stopped the service while it was starting (after the drain closed its connections).
   */
  serve(options: ServeOptions): Promise<Serving>;
  /**
   * Runs the service's own work (the projector's loops) until `stopping` aborts; the drain waits
   * for it. Work that fails on its own is logged and stops the service with exit code 1.
   */
  run(work: (stopping: AbortSignal) => Promise<void>): void;
  /** Drains (see {@link startService}); resolves once everything is closed. Idempotent. */
  stop(): Promise<void>;
}

/** A service's own readiness condition: null while it holds, else why not. */
export type ReadinessCheck = () => string | null | Promise<string | null>;

const NOT_READY = {
  draining: 'draining: the service is stopping',
  nats: 'the NATS connection is closed',
  postgres: 'Postgres is unreachable',
} as const;

/**
 * Starts a service the way every Pipe service starts: tracing (before any connection, so nothing
 * runs untraced), process metrics, the logger, Postgres (migrated) and NATS (streams provisioned).
 * `serve` then listens and registers the instance for `pipe status`; `run` hands over the
 * service's own work. One drain for every service, on SIGTERM/SIGINT or `stop()`:
 *
 * 1. `stopping` aborts: `/ready` answers 503 and the status says `draining`;
 * 2. the instance leaves discovery;
 * 3. the work in hand finishes (the batch being applied);
 * 4. the HTTP server stops taking requests and answers those in flight (an app's `preClose`
 *    hooks run here: the gateway answers every request it received, then closes its sessions);
 * 5. NATS drains (flushing acks and publishes), Postgres closes, traces are flushed.
 */
export async function startService<C extends RuntimeConfig>(options: ServiceOptions<C>): Promise<Service<C>> {
  const { name, config } = options;
  const version = options.version ?? packageVersion(pathToFileURL(process.argv[1] ?? '.').href);
  const telemetry: Telemetry = await startTelemetry({ service: name, version, ...(options.env ? { env: options.env } : {}) });
  collectProcessMetrics();
  const logger = createLogger({ name, level: config.LOG_LEVEL, ...(options.logRedact ? { redact: options.logRedact } : {}) });
  const db = createDb({
    url: config.DATABASE_URL,
    applicationName: `pipe-${name}`,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    ...(options.dbSettings ? { settings: options.dbSettings } : {}),
  });
  await migrateToLatest(db);
  const bus = await connectBus({
    url: config.NATS_URL,
    name: `pipe-${name}`,
    ...(options.asyncTraces === false ? { asyncTraces: false } : {}),
  });
  const names = streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS);
  // Once per start of the stack: the first service provisions (and waits for leaders) while the
  // others wait on the lock, then find the streams as configured and change nothing.
  await withAdvisoryLock(db, provisionLockName(names), () =>
    provisionStreams(bus.jsm, names, undefined, { replicas: config.PIPE_STREAM_REPLICAS }),
  );
  const leaders = new StreamLeaders(bus.jsm, [names.events, names.raw, names.changes, names.dlq]);

  const stopping = new AbortController();
  const works: Promise<void>[] = [];
  let served: FastifyInstance | undefined;
  let leaveDiscovery: (() => Promise<void>) | undefined;
  let stopped: Promise<void> | undefined;

  // Every stream must have a leader, or writes fail (an election under way).
  const checks: ReadinessCheck[] = [() => leaders.notReadyReason()];
  // When Postgres was first found unreachable in the current outage (null while it answers).
  let unreachableSince: number | null = null;
  const graceMs = options.databaseOutageGraceMs ?? 0;
  /** Why the service is not ready, and what is wrong while it still is. */
  const assess = async (): Promise<{ notReady: string | null; degraded: string | null }> => {
    if (stopping.signal.aborted) return { notReady: NOT_READY.draining, degraded: null };
    if (bus.nc.isClosed()) return { notReady: NOT_READY.nats, degraded: null };
    for (const check of checks) {
      const reason = await check();
      if (reason) return { notReady: reason, degraded: null };
    }
    if (await databaseReachable(db)) {
      unreachableSince = null;
      return { notReady: null, degraded: null };
    }
    const now = Date.now();
    unreachableSince ??= now;
    const seconds = Math.round((now - unreachableSince) / 1000);
    if (now - unreachableSince < graceMs) {
      return {
        notReady: null,
        degraded: `${NOT_READY.postgres} (for ${seconds} s; serving from memory for up to ${Math.round(graceMs / 1000)} s)`,
      };
    }
    return { notReady: graceMs > 0 ? `${NOT_READY.postgres} (for ${seconds} s)` : NOT_READY.postgres, degraded: null };
  };
  const notReadyReason = async (): Promise<string | null> => (await assess()).notReady;
  const degradedReason = async (): Promise<string | null> => {
    const { notReady, degraded } = await assess();
    return notReady ?? degraded;
  };

  const stop = (signal?: string): Promise<void> => {
    stopped ??= (async () => {
      stopping.abort();
      logger.info(signal ? { signal } : {}, `shutting down; ${options.drains}`);
      await leaveDiscovery?.().catch(() => undefined);
      await Promise.all(works);
      if (served) await drainHttp(served);
      await bus.nc.drain();
      await db.destroy();
      logger.info('stopped');
      await telemetry.shutdown();
    })();
    return stopped;
  };

  const handleSignals = options.handleSignals !== false;
  /** Stops, then ends the process: 0 after a clean drain, 1 after a failure. */
  const stopAndExit = (signal?: string) => {
    stop(signal).then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  if (handleSignals) for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stopAndExit(signal));

  return {
    name,
    version,
    config,
    logger,
    db,
    bus,
    names,
    stopping: stopping.signal,
    notReadyReason,
    degradedReason,
    addReadinessCheck: (check) => void checks.push(check),
    async serve(serveOptions) {
      // A signal during the start-up: the drain closes what was opened; nothing is served.
      if (stopping.signal.aborted) {
        await stopped;
        throw new Error(`${name} was stopped before it served`);
      }
      const app = serveOptions.app ?? buildProbeServer({ service: name, notReadyReason });
      served = app;
      await app.listen({ port: config.PORT, host: config.HOST });
      const registration = await registerServiceInstance(bus.nc, {
        service: name,
        version,
        namespace: config.PIPE_NAMESPACE,
        description: serveOptions.description,
        throughput: serveOptions.throughput,
        ...(serveOptions.lag ? { lag: serveOptions.lag } : {}),
        notReadyReason: degradedReason,
        draining: () => stopping.signal.aborted,
      });
      leaveDiscovery = () => registration.stop();
      const address = app.server.address();
      logger.info({ instance: registration.id, port: address }, 'listening');
      return { app, port: typeof address === 'object' && address ? address.port : config.PORT, instanceId: registration.id };
    },
    run(work) {
      works.push(
        work(stopping.signal).catch((error: unknown) => {
          if (stopping.signal.aborted) return;
          logger.fatal({ err: error }, `${name} failed; stopping`);
          process.exitCode = 1;
          if (handleSignals) stopAndExit();
          else void stop();
        }),
      );
    },
    stop: () => stop(),
  };
}

/**
 * Runs a service's `main`: a failure to start (bad configuration, an unreachable database) is
 * reported as one JSON log line on stderr — the logger may not exist yet — and exits 1.
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${JSON.stringify({ level: 60, time: Date.now(), name: service, msg: `${service} failed to start`, err: message })}\n`,
    );
    process.exit(1);
  });
}
