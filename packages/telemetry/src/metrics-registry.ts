import {
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/**
 * The process's one Prometheus registry: every package registers its metrics here and every
 * service serves it at `/metrics`. One per process (not per app) because the metrics describe the
 * process (the service runtime's health plugin serves it); tests that run several apps in one process share it, which is why the factories below
 * return the existing metric when its name is taken instead of throwing.
 */
export const metricsRegistry = new Registry();

let defaultsCollected = false;

/** Adds Node's process metrics (CPU, memory, event-loop lag, GC) once. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** A counter in {@link metricsRegistry} (the existing one when the name is registered). */
export function counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
  return (
    (metricsRegistry.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter({ ...config, registers: [metricsRegistry] })
  );
}

/** A histogram in {@link metricsRegistry} (the existing one when the name is registered). */
export function histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
  return (
    (metricsRegistry.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram({ ...config, registers: [metricsRegistry] })
  );
}

/** A gauge in {@link metricsRegistry} (the existing one when the name is registered). */
export function gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
  return (metricsRegistry.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge({ ...config, registers: [metricsRegistry] });
}

/** Latency buckets in seconds, from 0.5 ms (a local JetStream ack) to 10 s (a timed-out publish). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
