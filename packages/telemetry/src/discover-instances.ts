import { type ServiceStats, Svcm } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import type { InstanceStatus } from './instance-status.js';
import { SERVICE_METADATA } from './micro-service.js';

/** One running instance of a Pipe service, as `pipe status` shows it. */
export interface InstanceReport {
  service: string;
  id: string;
  version: string;
  host: string;
  pid: number | null;
  /** When the instance registered (ISO 8601). */
  started: string;
  /** Its self-reported status; null when it did not give one (its status check failed). */
  status: InstanceStatus | null;
}

/** Options of {@link discoverInstances}. */
export interface DiscoverOptions {
  /** Only instances of this `PIPE_NAMESPACE` ('' is the default stack). */
  namespace: string;
  /** How long to wait for answers after the first (default 2 s for the first, then until quiet). */
  maxWaitMs?: number;
}

/**
 * Every running instance of every Pipe service on this NATS, for one namespace: one `$SRV.STATS`
 * request that every micro service on the server answers, filtered by the namespace recorded in
 * each instance's metadata (names and `$SRV` subjects are global on a server, so other stacks'
 * instances answer too and are left out here). Sorted by service, then host and id.
 */
export async function discoverInstances(nc: NatsConnection, options: DiscoverOptions): Promise<InstanceReport[]> {
  // "stall": wait up to maxWait for the first answer, then stop once answers pause (300 ms).
  const client = new Svcm(nc as never).client({ strategy: 'stall', maxWait: options.maxWaitMs ?? 2000 } as never);
  const reports: InstanceReport[] = [];
  try {
    for await (const stats of await client.stats()) {
      const report = toReport(stats, options.namespace);
      if (report) reports.push(report);
    }
  } catch (error) {
    // No micro service at all on this NATS: the request has no responders, which means no instances.
    if ((error as { name?: string }).name !== 'NoRespondersError' && !/no responders/i.test(String(error))) throw error;
  }
  return reports.sort((a, b) => a.service.localeCompare(b.service) || a.host.localeCompare(b.host) || a.id.localeCompare(b.id));
}

function toReport(stats: ServiceStats, namespace: string): InstanceReport | null {
  const metadata = stats.metadata ?? {};
  const service = metadata[SERVICE_METADATA.service];
  if (service === undefined || (metadata[SERVICE_METADATA.namespace] ?? '') !== namespace) return null;
  const data = stats.endpoints?.find((endpoint) => endpoint.name === 'status')?.data;
  return {
    service,
    id: stats.id,
    version: stats.version,
    host: metadata[SERVICE_METADATA.host] ?? '',
    pid: metadata[SERVICE_METADATA.pid] ? Number(metadata[SERVICE_METADATA.pid]) : null,
    started: stats.started,
    status: isStatus(data) ? data : null,
  };
}

function isStatus(value: unknown): value is InstanceStatus {
  return typeof value === 'object' && value !== null && 'health' in value && 'throughput' in value;
}
