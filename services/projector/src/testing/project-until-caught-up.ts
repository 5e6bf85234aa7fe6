import { setTimeout as sleep } from 'node:timers/promises';
import { type ProjectorDeps, partitionConsumerName, runProjector } from '../projector.js';

/**
 * Runs a projector until its consumer has nothing pending or unacknowledged, then stops it: the
 * "when" of a projection test.
 */
export async function projectUntilCaughtUp(deps: ProjectorDeps, timeoutMs = 20_000): Promise<void> {
  const stop = new AbortController();
  const running = runProjector(deps, stop.signal);
  const projection = deps.projection ?? 'projector';
  const partitions = deps.partitions ?? Array.from({ length: deps.names.partitions }, (_, p) => p);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      await sleep(25);
      if (
        await allCaughtUp(
          deps,
          partitions.map((p) => partitionConsumerName(projection, p)),
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`projector did not catch up within ${timeoutMs} ms`);
    }
  } finally {
    stop.abort();
    await running;
  }
}

/** True when every named consumer exists and has nothing pending or unacknowledged. */
export async function allCaughtUp(deps: Pick<ProjectorDeps, 'bus' | 'names'>, consumers: string[]): Promise<boolean> {
  for (const name of consumers) {
    const info = await deps.bus.jsm.consumers.info(deps.names.events, name).catch(() => null);
    if (!info || info.num_pending > 0 || info.num_ack_pending > 0) return false;
  }
  return true;
}
