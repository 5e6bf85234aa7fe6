import { type Bus, type PublishReceipt, type StreamNames, publishBytes, publishEvent, rawSubject } from '@pipe/bus';
import type { PipeEvent } from '@pipe/events';
import { type RawDelivery, rawMsgId, rawRecordHeaders } from './raw-delivery.js';

/**
 * Where an ingest app stores what it accepted. Both calls resolve only once JetStream
 * acknowledged, and reject with `PublishError` otherwise (answered 503 + `Retry-After`).
 */
export interface IngestPublisher {
  /** Stores a verified raw delivery in `PIPE_RAW` (see {@link RawDelivery} for the format). */
  publishRaw(raw: RawDelivery): Promise<PublishReceipt>;
  /** Stores an event in `PIPE_EVENTS` under `Nats-Msg-Id` `msgId`. */
  publishEvent(event: PipeEvent, msgId: string): Promise<PublishReceipt>;
}

/** An {@link IngestPublisher} over a JetStream client. */
export function busPublisher(js: Bus['js'], names: StreamNames, options: { timeoutMs?: number } = {}): IngestPublisher {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    publishRaw: (raw) =>
      publishBytes(js, rawSubject(names, raw.team, raw.platform), raw.body, {
        msgId: rawMsgId(raw.platform, raw.deliveryId),
        timeoutMs,
        headers: rawRecordHeaders(raw),
      }),
    publishEvent: (event, msgId) => publishEvent(js, names, event, { msgId, timeoutMs }),
  };
}
