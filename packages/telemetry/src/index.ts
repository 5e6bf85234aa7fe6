// Observability shared by every service. A new export here is public API.

// OpenTelemetry: started from the standard OTEL_* variables; off (a no-op) without an endpoint.
export { startTelemetry, type StartTelemetryOptions, type Telemetry } from './start-telemetry.js';
export { otelConfigShape, tracingEnabled, type OtelConfig } from './otel-config.js';
export {
  tracer,
  withSpan,
  recordFailure,
  injectTraceHeaders,
  contextFromHeaders,
  contextFromRecord,
  linkTo,
  activeTraceIds,
  type HeaderCarrier,
} from './trace-context.js';

// Prometheus: one registry per process, served at /metrics by @pipe/service-runtime.
export {
  metricsRegistry,
  collectProcessMetrics,
  counter,
  histogram,
  gauge,
  LATENCY_BUCKETS,
} from './metrics-registry.js';

// Logs: pino JSON with the trace id, credentials redacted.
export { createLogger, REDACTED_PATHS, type CreateLoggerOptions } from './logger.js';

// NATS micro services: every instance registers; `pipe status` discovers them.
export {
  registerMicroService,
  microServiceName,
  statusSubject,
  SERVICE_METADATA,
  MicroServiceError,
  type MicroServiceOptions,
  type MicroServiceRegistration,
} from './micro-service.js';
export { discoverInstances, type InstanceReport, type DiscoverOptions } from './discover-instances.js';
export type { InstanceStatus } from './instance-status.js';
export { RateMeter } from './rate-meter.js';
export { packageVersion } from './package-version.js';
