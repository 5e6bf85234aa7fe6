import { type Bus, type StreamNames, connectBus, streamNames } from '@pipe/bus';
import type { CliConfig } from './config.js';
import { readStackFile } from './stack-file.js';

/** The NATS URL for commands other than `up`: NATS_URL, else the running stack's, else the local default. */
export function natsUrlFor(config: CliConfig): string {
  return config.NATS_URL ?? readStackFile(config)?.natsUrl ?? 'nats://127.0.0.1:4222';
}

/** Runs `work` with a bus connection and the namespace's stream names, closing it after. */
export async function withBus<T>(config: CliConfig, work: (bus: Bus, names: StreamNames) => Promise<T>): Promise<T> {
  const bus = await connectBus({ url: natsUrlFor(config), name: 'pipe-cli' });
  try {
    return await work(bus, streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS));
  } finally {
    await bus.nc.close();
  }
}
