import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, connect } from '@nats-io/transport-node';

/** An open connection with its JetStream handles. */
export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** Options for {@link connectBus}. */
export interface ConnectBusOptions {
  /** `nats://host:port`, or several separated by commas. */
  url: string;
  /** Shown in the server's connection list (`pipe-projector`, …). */
  name: string;
  /** How long to wait for the first connection before giving up (ms). */
  connectTimeoutMs?: number;
  /**
   * Capture the caller's stack for every request so a timeout says where it came from (default
   * true). Hot publishers turn it off: building that Error per publish costs ~10% of an ingest
   * service's CPU.
   */
  asyncTraces?: boolean;
}

/** A NATS server that could not be reached or is not JetStream-enabled. */
export class BusConnectError extends Error {
  override readonly name = 'BusConnectError';
  readonly code = 'BUS_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Connects to NATS and checks JetStream is enabled. Once connected, the client reconnects forever,
 * so a NATS restart does not take a service down (publishes fail meanwhile and callers answer 503).
 */
export async function connectBus(options: ConnectBusOptions): Promise<Bus> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.url.split(','),
      name: options.name,
      timeout: options.connectTimeoutMs ?? 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      noAsyncTraces: options.asyncTraces === false,
    });
  } catch (cause) {
    throw new BusConnectError(`cannot reach NATS at ${options.url}: is nats-server running (with -js)?`, { cause });
  }
  try {
    const jsm = await jetstreamManager(nc);
    return { nc, js: jetstream(nc), jsm };
  } catch (cause) {
    await nc.close();
    throw new BusConnectError(`NATS at ${options.url} has no JetStream: start nats-server with -js`, { cause });
  }
}
