import { loadConfig } from '@pipe/config';
import { z } from 'zod';
import { otelConfigShape, tracingEnabled } from './otel-config.js';

/** Options of {@link startTelemetry}. */
export interface StartTelemetryOptions {
  /** The service, e.g. `ingest-github`; traces name it `pipe-ingest-github` unless `OTEL_SERVICE_NAME` says otherwise. */
  service: string;
  /** The service's version (its package.json). */
  version: string;
  /** The environment to read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** Tracing as started; `shutdown` flushes what is buffered (call it last when stopping). */
export interface Telemetry {
  /** Whether spans are exported. */
  readonly tracing: boolean;
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing for a service when — and only when — an OTLP endpoint is
 * configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). Unset, the
 * global API stays a no-op: spans are not recorded and no `traceparent` is written, so an
 * unobserved deployment pays nothing — not even loading the SDK (≈ 25 MB resident). Metrics are Prometheus (`/metrics`), not OTLP, and logs go
 * to stdout, so the SDK's metric and log pipelines stay off. No auto-instrumentation is loaded:
 * the spans that matter (webhook, publish, consume, batch, notification) are made by Pipe's code.
 */
export async function startTelemetry(options: StartTelemetryOptions): Promise<Telemetry> {
  const config = loadConfig(options.service, z.object(otelConfigShape), options.env);
  if (!tracingEnabled(config)) return { tracing: false, shutdown: async () => undefined };
  const { NodeSDK, resources } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME ?? `pipe-${options.service}`,
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ 'service.version': options.version })),
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    tracing: true,
    shutdown: () => sdk.shutdown().catch(() => undefined),
  };
}
