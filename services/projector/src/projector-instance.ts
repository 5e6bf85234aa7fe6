import type { Bus, StreamNames } from '@pipe/bus';
import { type Database, databaseReachable } from '@pipe/db';
import { type MicroServiceRegistration, gauge, registerMicroService } from '@pipe/telemetry';
import type { Kysely } from 'kysely';
import { appliedEvents } from './batch-telemetry.js';
import { type ProbeServer, startProbeServer } from './probe-server.js';

const pendingGauge = gauge({
  name: 'pipe_consumer_pending_messages',
  help: 'Messages stored in the stream but not yet delivered to the consumer (its lag), sampled from consumer info.',
  labelNames: ['stream', 'consumer'],
});
const ackPendingGauge = gauge({
  name: 'pipe_consumer_ack_pending_messages',
  help: 'Messages delivered to the consumer and not yet acknowledged (the batch in hand), sampled from consumer info.',
  labelNames: ['stream', 'consumer'],
});
const dlqGauge = gauge({
  name: 'pipe_dlq_messages',
  help: 'Dead letters held by PIPE_DLQ (events a consumer gave up on), sampled from stream info.',
  labelNames: ['stream'],
});

/** Options of {@link startProjectorInstance}. */
export interface ProjectorInstanceOptions {
  bus: Bus;
  names: StreamNames;
  db: Kysely<Database>;
  /** The durable consumers of the partitions this instance serves (`projector-p0`, …). */
  consumers: string[];
  namespace: string;
  version: string;
  /** The probe server's address (`PORT`, default 7409; `HOST`). */
  port: number;
  host: string;
  /** Aborted when the projector is stopping. */
  stopping: AbortSignal;
  /** How often lag and DLQ size are sampled (default 5 s). */
  sampleEveryMs?: number;
}

/** The running observability of a projector process. */
export interface ProjectorInstance {
  readonly probePort: number;
  readonly instanceId: string;
  /** Stops sampling, leaves discovery, closes the probe server. */
  close(): Promise<void>;
}

/**
 * Everything that makes a projector process observable: the probe server (`/health`, `/ready`,
 * `/metrics`), the sampled gauges (each served consumer's lag, the DLQ's size) and its NATS
 * micro-service registration (health, lag = pending messages summed over its consumers,
 * throughput = events committed per second).
 */
export async function startProjectorInstance(options: ProjectorInstanceOptions): Promise<ProjectorInstance> {
  const { bus, names } = options;
  let lag: number | null = null;
  const sample = async () => {
    let total: number | null = null;
    for (const consumer of options.consumers) {
      // A consumer not created yet (its partition's lock is still awaited) has no lag to report.
      const info = await bus.jsm.consumers.info(names.events, consumer).catch(() => null);
      if (!info) continue;
      pendingGauge.set({ stream: names.events, consumer }, info.num_pending);
      ackPendingGauge.set({ stream: names.events, consumer }, info.num_ack_pending);
      total = (total ?? 0) + info.num_pending;
    }
    lag = total;
    const dlq = await bus.jsm.streams.info(names.dlq).catch(() => null);
    if (dlq) dlqGauge.set({ stream: names.dlq }, dlq.state.messages);
  };
  await sample().catch(() => undefined);
  const sampler = setInterval(() => void sample().catch(() => undefined), options.sampleEveryMs ?? 5000);
  sampler.unref();

  const notReadyReason = async (): Promise<string | null> => {
    if (options.stopping.aborted) return 'draining: the projector is stopping';
    if (bus.nc.isClosed()) return 'the NATS connection is closed';
    return (await databaseReachable(options.db)) ? null : 'Postgres is unreachable';
  };
  const probe: ProbeServer = await startProbeServer({ port: options.port, host: options.host, notReadyReason });
  const registration: MicroServiceRegistration = await registerMicroService(bus.nc, {
    service: 'projector',
    version: options.version,
    namespace: options.namespace,
    description: 'Pipe projector: PIPE_EVENTS into the Postgres read models',
    status: async () => {
      const reason = await notReadyReason();
      return {
        health: options.stopping.aborted ? 'draining' : reason ? 'degraded' : 'ok',
        ...(reason ? { reason } : {}),
        lag,
        throughput: { perSecond: appliedEvents.perSecond(), total: appliedEvents.total, unit: appliedEvents.unit },
      };
    },
  });
  return {
    probePort: probe.port,
    instanceId: registration.id,
    async close() {
      clearInterval(sampler);
      await registration.stop().catch(() => undefined);
      await probe.close();
    },
  };
}
