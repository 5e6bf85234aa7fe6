import type { Service, Serving } from '@pipe/service-runtime';
import { gauge } from '@pipe/telemetry';
import { appliedEvents } from './batch-telemetry.js';

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

/** Options of {@link serveProjector}. */
export interface ServeProjectorOptions {
  /** The durable consumers of the partitions this instance serves (`projector-p0`, …). */
  consumers: string[];
  /** How often lag and DLQ size are sampled (default 5 s). */
  sampleEveryMs?: number;
}

/**
 * What is particular to a projector's observability, on the runtime's probe server and NATS
 * micro-service registration: the sampled gauges (each served consumer's lag, the DLQ's size) and
 * its status (lag = pending messages summed over its consumers, throughput = events committed per
 * second). Sampling stops when the service starts draining.
 */
export async function serveProjector(
  service: Pick<Service, 'bus' | 'names' | 'stopping' | 'serve'>,
  options: ServeProjectorOptions,
): Promise<Serving> {
  const { bus, names } = service;
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
  service.stopping.addEventListener('abort', () => clearInterval(sampler), { once: true });
  return service.serve({
    description: 'Pipe projector: PIPE_EVENTS into the Postgres read models',
    throughput: appliedEvents,
    lag: () => lag,
  });
}
