import { type Bus, type StreamNames, publishChangeNotice } from '@pipe/bus';
import type { ChangeNotice } from '@pipe/events';
import { inNoticeTrace } from './batch-telemetry.js';

/**
 * Announces committed changes on `PIPE_CHANGES` without holding up the partition's next batch: a
 * batch's notices are published at once (in order, on the one connection) and JetStream's
 * acknowledgements are awaited in the background. Waiting for them in the loop cost every batch
 * a round trip to NATS while the next deliveries queued behind it. The rows are already
 * committed, so a failed announcement is logged rather than undoing anything; `changes_since`
 * readers catch up from the read model. `drain` waits for what is still in flight, at shutdown.
 */
export class ChangeAnnouncer {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: { bus: Bus; names: StreamNames; logger: { error(obj: object, msg?: string): void } }) {}

  announce(notices: readonly ChangeNotice[]): void {
    for (const notice of notices) {
      const published: Promise<void> = inNoticeTrace(notice, () => publishChangeNotice(this.deps.bus.js, this.deps.names, notice))
        .catch((error: unknown) => {
          this.deps.logger.error(
            { team: notice.team, eventSeq: notice.eventSeq, error: String(error) },
            'could not announce committed changes',
          );
        })
        .finally(() => this.inFlight.delete(published));
      this.inFlight.add(published);
    }
  }

  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
