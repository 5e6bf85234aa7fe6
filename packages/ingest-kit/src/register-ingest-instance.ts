import type { NatsConnection } from '@nats-io/transport-node';
import { type MicroServiceRegistration, registerMicroService } from '@pipe/telemetry';
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
 * Registers an ingest service as a NATS micro service for `pipe status`: health from its
 * readiness check, no consumer lag (it only publishes), throughput in webhooks accepted per second.
 */
export function registerIngestInstance(nc: NatsConnection, options: IngestInstanceOptions): Promise<MicroServiceRegistration> {
  return registerMicroService(nc, {
    service: options.service,
    version: options.version,
    namespace: options.namespace,
    description: `Pipe ${options.platform} webhooks into PIPE_EVENTS`,
    status: async () => {
      const reason = await options.notReadyReason();
      return {
        health: options.draining() ? 'draining' : reason ? 'degraded' : 'ok',
        ...(reason ? { reason } : {}),
        lag: null,
        throughput: { perSecond: acceptedWebhooks.perSecond(), total: acceptedWebhooks.total, unit: acceptedWebhooks.unit },
      };
    },
  });
}
