// The one runtime every Pipe service starts, serves and drains through. A new export here is public API.

// Configuration: the fields every service reads (parse with `loadConfig` from @pipe/config).
export { runtimeConfigShape, type RuntimeConfig } from './config.js';

// Start, serve, drain.
export {
  startService,
  runMain,
  type ReadinessCheck,
  type Service,
  type ServiceOptions,
  type ServeOptions,
  type Serving,
} from './start-service.js';
export { drainHttp, type DrainableApp } from './drain-http.js';

// Probes: /health, /ready, /metrics as one Fastify plugin, and a server of only those.
export { healthPlugin, type HealthPluginOptions, type NotReadyBody } from './health-plugin.js';
export { buildProbeServer, type ProbeServerOptions } from './probe-server.js';

// Access logs at debug, not Fastify's two info lines per request.
export { ACCESS_LOG_OPTIONS } from './access-log.js';

// `pipe status`: one NATS micro-service registration for every service.
export { registerServiceInstance, type ServiceInstanceOptions, type InstanceReport } from './service-instance.js';
