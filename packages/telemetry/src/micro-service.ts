import { type Service, Svcm } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import { hostname } from 'node:os';
import type { InstanceStatus } from './instance-status.js';

/** The metadata keys every Pipe micro service carries (discovery filters on them). */
export const SERVICE_METADATA = Object.freeze({
  namespace: 'pipe_namespace',
  service: 'pipe_service',
  host: 'host',
  pid: 'pid',
});

/** The micro-service name of a Pipe service: `pipe-<service>` (names are global on a NATS server). */
export const microServiceName = (service: string): string => `pipe-${service}`;

/** The subject of one instance's `status` endpoint, under the namespace (so stacks never answer each other). */
export const statusSubject = (namespace: string, service: string, id: string): string =>
  `${namespace ? `${namespace}.` : ''}pipe.status.${service}.${id}`;

/** Options of {@link registerMicroService}. */
export interface MicroServiceOptions {
  /** `gateway`, `projector`, `ingest-github`, … */
  service: string;
  /** The service's package.json version (semver). */
  version: string;
  /** `PIPE_NAMESPACE`: recorded in the metadata, so `pipe status` lists only its own stack. */
  namespace: string;
  description?: string;
  /** The instance's current health, lag and throughput. */
  status(): Promise<InstanceStatus>;
}

/** A registered instance. */
export interface MicroServiceRegistration {
  /** The instance id NATS discovery reports. */
  readonly id: string;
  /** Stops answering discovery (before the connection drains). */
  stop(): Promise<void>;
}

/** The micro-service registration could not be made. */
export class MicroServiceError extends Error {
  override readonly name = 'MicroServiceError';
  readonly code = 'MICRO_SERVICE_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Registers this process as an instance of a NATS micro service (`$SRV.PING|INFO|STATS`), so any
 * machine on the same NATS can list it — no registry of its own. It has one endpoint, `status`,
 * on a subject unique to the instance, answering its {@link InstanceStatus}; the same status is
 * the endpoint's `data` in `$SRV.STATS` replies, which is what `pipe status` reads (one broadcast
 * request, every instance answers).
 */
export async function registerMicroService(nc: NatsConnection, options: MicroServiceOptions): Promise<MicroServiceRegistration> {
  let service: Service;
  try {
    // @nats-io/services 3.0.0-25 is typed against its own pinned nats-core; the connection is the same protocol object.
    service = await new Svcm(nc as never).add({
      name: microServiceName(options.service),
      version: options.version,
      description: options.description ?? `Pipe ${options.service}`,
      metadata: {
        [SERVICE_METADATA.namespace]: options.namespace,
        [SERVICE_METADATA.service]: options.service,
        [SERVICE_METADATA.host]: hostname(),
        [SERVICE_METADATA.pid]: String(process.pid),
      },
      statsHandler: () => options.status(),
    });
  } catch (cause) {
    throw new MicroServiceError(
      `cannot register ${options.service} as a NATS micro service: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  const id = service.info().id;
  service.addEndpoint('status', {
    subject: statusSubject(options.namespace, options.service, id),
    handler: (error, msg) => {
      if (error) return;
      options.status().then(
        (status) => msg.respond(JSON.stringify(status)),
        (cause: unknown) => msg.respondError(500, cause instanceof Error ? cause.message : String(cause)),
      );
    },
  });
  return {
    id,
    stop: async () => {
      if (!service.isStopped) await service.stop();
    },
  };
}
