import { context } from '@opentelemetry/api';
import { AckPublisher, type Bus, type PublishReceipt, type StreamNames, rawSubject } from '@pipe/bus';
import { type PipeEvent, encodeCheckedEvent, eventSubject } from '@pipe/events';
import { type RawDelivery, rawRecordHeaders } from './raw-delivery.js';

/**
 * Where an ingest app stores what it accepted. Both calls resolve only once JetStream
 * acknowledged, and reject with `PublishError` otherwise (answered 503 + `Retry-After`).
 */
export interface IngestPublisher {
  /** Stores a verified raw delivery in `PIPE_RAW` under `Nats-Msg-Id` `msgId` (see {@link RawDelivery} for the format). */
  publishRaw(raw: RawDelivery, msgId: string): Promise<PublishReceipt>;
  /**
   * Stores an event in `PIPE_EVENTS` under `Nats-Msg-Id` `msgId`. The event must come from
   * `storableEvents` (`@pipe/platforms`), which has checked it against the envelope: it is not parsed again.
   */
  publishEvent(event: PipeEvent, msgId: string): Promise<PublishReceipt>;
}

/** Options of {@link busPublisher}. */
export interface BusPublisherOptions {
  /** How long to wait for each acknowledgement (default 5 s). */
  timeoutMs?: number;
  /**
   * Start the publishes requested during one turn of the event loop together, at its end
   * (default true). The NATS client writes everything started in one tick with one socket write,
   * so concurrent deliveries share writes instead of paying a syscall each; the order of the
   * publishes is kept.
   */
  coalesce?: boolean;
}

/**
 * An {@link IngestPublisher} over a bus connection: each publish resolves on the stream's
 * acknowledgement (see `AckPublisher` in `@pipe/bus`); events go on the subjects `@pipe/bus`'s
 * `publishEvent` uses, encoded without a second parse (see {@link IngestPublisher.publishEvent}).
 */
export function busPublisher(bus: Pick<Bus, 'nc'>, names: StreamNames, options: BusPublisherOptions = {}): IngestPublisher {
  const acks = new AckPublisher(bus.nc, options.timeoutMs ?? 5000);
  const start = options.coalesce === false ? <T>(publish: () => Promise<T>) => publish() : coalescer();
  return {
    publishRaw: (raw, msgId) =>
      start(() => acks.publish(rawSubject(names, raw.team, raw.platform), raw.body, msgId, rawRecordHeaders(raw))),
    publishEvent: (event, msgId) =>
      start(() => acks.publish(eventSubject(event, names.subjectRoot, names.partitions), encodeCheckedEvent(event), msgId)),
  };
}

/** Defers starting each publish to the end of the current event-loop turn, all in call order. */
function coalescer(): <T>(publish: () => Promise<T>) => Promise<T> {
  let queue: Array<() => void> = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    for (const begin of batch) begin();
  };
  return (publish) =>
    new Promise((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      // Each publish starts in its own caller's trace context, not in that of the turn's first caller.
      const caller = context.active();
      queue.push(() => {
        // A publish that throws synchronously must reject its own promise, not the whole batch.
        try {
          context.with(caller, publish).then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
    });
}
