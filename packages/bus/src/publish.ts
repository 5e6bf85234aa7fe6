import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { type PipeEvent, encodeEvent, eventSubject } from '@pipe/events';
import { observePublish } from './publish-telemetry.js';
import type { StreamNames } from './stream-names.js';

/** What the stream answered for a stored (or deduplicated) message. */
export interface PublishReceipt {
  stream: string;
  seq: number;
  /** True when the stream already held a message with this `Nats-Msg-Id`. */
  duplicate: boolean;
}

/** A publish JetStream did not acknowledge: nothing may be reported as stored. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  readonly code = 'PUBLISH_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Options for a publish. */
export interface PublishOptions {
  /** Becomes `Nats-Msg-Id`: the stream stores a message once per id within its duplicate window. */
  msgId: string;
  /** How long to wait for JetStream's acknowledgement (default 5 s). */
  timeoutMs?: number;
  /** Extra headers (trace context, …). */
  headers?: Record<string, string>;
}

/** Publishes raw bytes to a stream subject and waits for JetStream's acknowledgement. */
export async function publishBytes(
  js: JetStreamClient,
  subject: string,
  payload: Uint8Array,
  options: PublishOptions,
): Promise<PublishReceipt> {
  const hdrs = natsHeaders();
  for (const [key, value] of Object.entries(options.headers ?? {})) hdrs.set(key, value);
  const observed = observePublish(subject, hdrs);
  try {
    const ack = await js.publish(subject, payload, {
      msgID: options.msgId,
      timeout: options.timeoutMs ?? 5000,
      headers: hdrs,
    });
    observed.acked(ack.seq, ack.duplicate);
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  } catch (cause) {
    observed.failed(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PublishError(`JetStream did not acknowledge the publish to ${subject}: ${reason}`, { cause });
  }
}

/** Publishes an event to `PIPE_EVENTS` and resolves only once JetStream stored it. */
export function publishEvent(js: JetStreamClient, names: StreamNames, event: PipeEvent, options: PublishOptions): Promise<PublishReceipt> {
  return publishBytes(js, eventSubject(event, names.subjectRoot, names.partitions), encodeEvent(event), options);
}
