import type { Bus } from '@pipe/bus';
import type { Database } from '@pipe/db';
import { type MicroServiceRegistration, registerMicroService } from '@pipe/telemetry';
import { type Kysely, sql } from 'kysely';
import { answeredRequests } from './gateway-telemetry.js';

/** Options of {@link registerGatewayInstance}. */
export interface GatewayInstanceOptions {
  bus: Bus;
  db: Kysely<Database>;
  namespace: string;
  version: string;
  /** True once the gateway is shutting down. */
  stopping(): boolean;
}

/**
 * Registers the gateway as a NATS micro service for `pipe status`: health from Postgres and NATS,
 * no consumer lag (its change feed is an ordered consumer from the stream's end), throughput in
 * MCP requests answered per second.
 */
export function registerGatewayInstance(options: GatewayInstanceOptions): Promise<MicroServiceRegistration> {
  const notReadyReason = async (): Promise<string | null> => {
    if (options.bus.nc.isClosed()) return 'the NATS connection is closed';
    try {
      await sql`select 1`.execute(options.db);
      return null;
    } catch {
      return 'Postgres is unreachable';
    }
  };
  return registerMicroService(options.bus.nc, {
    service: 'gateway',
    version: options.version,
    namespace: options.namespace,
    description: 'Pipe MCP gateway',
    status: async () => {
      const reason = options.stopping() ? 'draining: the gateway is stopping' : await notReadyReason();
      return {
        health: options.stopping() ? 'draining' : reason ? 'degraded' : 'ok',
        ...(reason ? { reason } : {}),
        lag: null,
        throughput: { perSecond: answeredRequests.perSecond(), total: answeredRequests.total, unit: answeredRequests.unit },
      };
    },
  });
}
