import {
  type Consumer,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JsMsg,
  type OrderedConsumerOptions,
} from '@nats-io/jetstream';

/** Options of {@link openStreamReader}. */
export interface StreamReaderOptions {
  stream: string;
  /** Only messages on this subject (one subject: servers before 2.10 know only one filter per consumer). */
  filterSubject?: string;
  /** The first sequence to deliver, or the first message stored at or after a time (default: the stream's first). */
  from?: { seq: number } | { time: Date };
  /** How long (ms) the server keeps the consumer once the reader stops pulling (default: the client's 5 min). */
  inactiveMs?: number;
}

/**
 * Reads a stream in order without a durable consumer: an ephemeral ordered consumer (no acks,
 * flow-controlled, recreated by the client from the last sequence it saw after a reconnect). The
 * one way Pipe reads a stream outside the consumer loop — replay's log reads, `--renormalize`'s
 * `PIPE_RAW` reads, the gateway's `changes_since` and its live change feed.
 */
export interface StreamReader {
  /** Messages the reader has to deliver, as the server counted them when it opened (0: nothing to read). */
  readonly pending: number;
  /**
   * Every message from the start, in stream order, `bufferSize` pulled ahead; the iteration ends
   * when `signal` aborts or the reader closes. Once per reader.
   */
  messages(options: { bufferSize: number; signal?: AbortSignal }): Promise<AsyncIterable<JsMsg>>;
  /** At most `max` messages from where the reader stands, in one pull that waits up to `expiresMs`. */
  fetch(max: number, expiresMs: number): Promise<AsyncIterable<JsMsg>>;
  /** Stops delivery and deletes the consumer on the server. */
  close(): Promise<void>;
}

/** Opens a {@link StreamReader}: one round trip that creates the ordered consumer and counts what it has to deliver. */
export async function openStreamReader(js: JetStreamClient, options: StreamReaderOptions): Promise<StreamReader> {
  const config: Partial<OrderedConsumerOptions> = {
    ...(options.filterSubject ? { filter_subjects: options.filterSubject } : {}),
    ...(options.from && 'time' in options.from
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: options.from.time.toISOString() }
      : options.from
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.from.seq }
        : {}),
    ...(options.inactiveMs === undefined ? {} : { inactive_threshold: options.inactiveMs }),
  };
  const consumer: Consumer = await js.consumers.get(options.stream, config);
  // The consumer's info as created: no second round trip.
  const pending = (await consumer.info(true)).num_pending;
  let consuming: ConsumerMessages | undefined;
  let detach: (() => void) | undefined;
  return {
    pending,
    async messages({ bufferSize, signal }) {
      if (consuming) throw new Error('a stream reader delivers its messages once');
      const messages = await consumer.consume({ max_messages: bufferSize });
      consuming = messages;
      if (signal) {
        const stop = () => void messages.stop();
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
        detach = () => signal.removeEventListener('abort', stop);
      }
      return messages;
    },
    fetch: (max, expiresMs) => consumer.fetch({ max_messages: max, expires: expiresMs }),
    async close() {
      detach?.();
      await consuming?.close().catch(() => undefined);
      await consumer.delete().catch(() => undefined);
    },
  };
}
