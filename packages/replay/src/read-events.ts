import type { JetStreamClient } from '@nats-io/jetstream';
import { type Delivery, openStreamReader } from '@pipe/bus';
import { type PipeEvent, decodeEvent } from '@pipe/events';

/** Which part of the log to read. */
export interface LogRange {
  stream: string;
  /** Only these subjects (one team: `<root>.events.<partition>.<team>.>`). */
  filterSubject?: string;
  /** First sequence to read (default 1). */
  fromSeq?: number;
  /** Or: the first message stored at or after this time. */
  fromTime?: Date;
  /** Last sequence to read, inclusive. */
  toSeq: number;
  /** Stop before the first message stored after this time (an "as of" cut). */
  toTime?: Date;
}

/** A batch of the log, and the last stream sequence looked at (even if it was not an event to apply). */
export interface LogBatch {
  deliveries: Delivery<PipeEvent>[];
  /** Events that could not be decoded: skipped, as the projector dead-letters them. */
  undecodable: { seq: number; subject: string; error: string }[];
  lastSeq: number;
}

/**
 * Reads a range of the log in stream order, in batches, through an ordered consumer (no acks,
 * flow-controlled, the fastest way to stream a log out of JetStream). Stops after `toSeq`, at the
 * `toTime` cut, or when nothing more is pending.
 */
export async function* readLog(js: JetStreamClient, range: LogRange, batchSize: number, signal?: AbortSignal): AsyncGenerator<LogBatch> {
  const from = range.fromSeq ?? 1;
  if (from > range.toSeq) return;
  const reader = await openStreamReader(js, {
    stream: range.stream,
    ...(range.filterSubject ? { filterSubject: range.filterSubject } : {}),
    from: range.fromTime ? { time: range.fromTime } : { seq: from },
  });
  // An ordered consumer with nothing to deliver would wait forever: look before consuming.
  if (reader.pending === 0) {
    await reader.close();
    return;
  }
  const messages = await reader.messages({ bufferSize: Math.max(1000, batchSize * 2), ...(signal ? { signal } : {}) });
  const cutNanos = range.toTime ? BigInt(range.toTime.getTime()) * 1_000_000n : null;
  let batch: LogBatch = { deliveries: [], undecodable: [], lastSeq: from - 1 };
  try {
    for await (const msg of messages) {
      const seq = msg.seq;
      if (seq > range.toSeq || (cutNanos !== null && BigInt(msg.info.timestampNanos) > cutNanos)) break;
      try {
        batch.deliveries.push({ value: decodeEvent(msg.data), seq, subject: msg.subject, deliveryCount: 1, headers: {} });
      } catch (error) {
        batch.undecodable.push({ seq, subject: msg.subject, error: error instanceof Error ? error.message : String(error) });
      }
      batch.lastSeq = seq;
      const done = seq >= range.toSeq || msg.info.pending === 0;
      if (batch.deliveries.length + batch.undecodable.length >= batchSize || done) {
        yield batch;
        batch = { deliveries: [], undecodable: [], lastSeq: seq };
      }
      if (done) break;
    }
    if (batch.deliveries.length + batch.undecodable.length > 0) yield batch;
  } finally {
    await reader.close();
  }
}
