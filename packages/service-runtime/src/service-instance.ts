import type { Bus } from '@pipe/bus';
import { type InstanceStatus, type MicroServiceRegistration, type RateMeter, registerMicroService } from '@pipe/telemetry';

/** What an instance tells `pipe status` about itself, beside its readiness. */
export interface InstanceReport {
  /** One line for the micro-service listing (`Pipe github webhooks into PIPE_EVENTS`). */
  description: string;
  /** The work it counts (webhooks accepted, events applied, MCP requests answered). */
  throughput: Pick<RateMeter, 'unit' | 'total' | 'perSecond'>;
  /** Messages stored but not processed by its consumers; absent for services without one (reported as null). */
  lag?(): number | null;
}

/** Options of {@link registerServiceInstance}. */
export interface ServiceInstanceOptions extends InstanceReport {
  /** `gateway`, `projector`, `ingest-github`, … */
  service: string;
  version: string;
  /** `PIPE_NAMESPACE`. */
  namespace: string;
  /** Null when all is well, else why not: not ready (the check `/ready` makes), or serving with a dependency down. */
  notReadyReason(): Promise<string | null>;
  /** True once the service is draining. */
  draining(): boolean;
}

/**
 * Registers a service instance as a NATS micro service for `pipe status`, with the one status every
 * service reports: `draining` while stopping, `degraded` with the reason while a dependency does
 * not answer, else `ok`; its lag (or null) and its throughput.
 */
export function registerServiceInstance(nc: Bus['nc'], options: ServiceInstanceOptions): Promise<MicroServiceRegistration> {
  return registerMicroService(nc, {
    service: options.service,
    version: options.version,
    namespace: options.namespace,
    description: options.description,
    status: async (): Promise<InstanceStatus> => {
      const reason = await options.notReadyReason();
      const meter = options.throughput;
      return {
        health: options.draining() ? 'draining' : reason ? 'degraded' : 'ok',
        ...(reason ? { reason } : {}),
        lag: options.lag?.() ?? null,
        throughput: { perSecond: meter.perSecond(), total: meter.total, unit: meter.unit },
      };
    },
  });
}
