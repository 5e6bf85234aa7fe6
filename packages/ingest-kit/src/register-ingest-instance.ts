import type { Bus } from '@pipe/bus';
import { registerServiceInstance } from '@pipe/service-runtime';
import type { MicroServiceRegistration } from '@pipe/telemetry';
import { acceptedWebhooks } from './webhook-telemetry.js';

/** What {@link registerIngestInstance} reports about an ingest service. */
export interface IngestInstanceOptions {
  /** `ingest-github`, … */
  service: string;
  version: string;
  /** `PIPE_NAMESPACE`. */
  namespace: string;
  platform: string;
  /** Null when ready, else why not (the same check `/ready` makes). */
  notReadyReason(): Promise<string | null>;
  /** True once the service is stopping. */
  draining(): boolean;
}

/**
 * The runtime's registration (`registerServiceInstance`) with an ingest service's report: no
 * consumer lag (it only publishes), throughput in webhooks accepted per second. `runIngestService`
 * registers through the runtime itself; this is for a service that assembles its own runtime.
 */
export function registerIngestInstance(nc: Bus['nc'], options: IngestInstanceOptions): Promise<MicroServiceRegistration> {
  return registerServiceInstance(nc, {
    ...options,
    description: `Pipe ${options.platform} webhooks into PIPE_EVENTS`,
    throughput: acceptedWebhooks,
  });
}
