import { setTimeout as sleep } from 'node:timers/promises';
import { type ProjectorDeps, runProjector } from '../projector.js';

/**
 * Runs a projector until its consumer has nothing pending or unacknowledged, then stops it: the
 * "when" of a projection test.
 */
export async function projectUntilCaughtUp(deps: ProjectorDeps, timeoutMs = 20_000): Promise<void> {
  const stop = new AbortController();
  const running = runProjector(deps, stop.signal);
  const projection = deps.projection ?? 'projector';
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      await sleep(25);
      const info = await deps.bus.jsm.consumers.info(deps.names.events, projection).catch(() => null);
      if (info && info.num_pending === 0 && info.num_ack_pending === 0) break;
      if (Date.now() > deadline) throw new Error(`projector did not catch up within ${timeoutMs} ms`);
    }
  } finally {
    stop.abort();
    await running;
  }
}
