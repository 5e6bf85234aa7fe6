import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { publishDeadLetter } from './dead-letter.js';
import type { Outcome } from './outcome.js';

/** One delivered message, decoded, as a handler sees it. */
export interface Delivery<T> {
  value: T;
  /** The message's sequence in its stream. */
  seq: number;
  subject: string;
  /** 1 on first delivery; counts redeliveries. */
  deliveryCount: number;
  headers: Readonly<Record<string, string>>;
}

/** What the loop reports after settling each message (for logs and metrics). */
export interface SettledMessage {
  seq: number;
  subject: string;
  outcome: Outcome['kind'];
  reason?: string;
}

/** Options of {@link runConsumerLoop}. */
export interface ConsumerLoopOptions<T> {
  js: JetStreamClient;
  stream: string;
  /** The durable consumer's name (see `ensureConsumer`). */
  consumer: string;
  /** Turns a message's bytes into the handler's value; a throw dead-letters the message at once. */
  decode(data: Uint8Array, subject: string): T;
  /** Processes a batch in stream order and returns one outcome per delivery, in the same order. */
  handleBatch(batch: Delivery<T>[]): Promise<Outcome[]>;
  /** Where dead letters go. */
  dlqSubject: string;
  /** Deliveries of one message before a `retry` becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** Most messages handed to one `handleBatch` call (default 500). */
  maxBatch?: number;
  /** The redelivery delay after the n-th failed attempt (default 250 ms doubling, capped at 30 s). */
  retryDelayMs?(attempt: number): number;
  /** Aborting stops fetching, finishes the batch in hand, and returns messages not yet handled. */
  signal: AbortSignal;
  onSettled?(settled: SettledMessage): void;
}

const defaultRetryDelay = (attempt: number): number => Math.min(30_000, 250 * 2 ** (attempt - 1));

/**
 * The one consumer loop: pulls messages, hands them to the handler in batches (everything that
 * arrived while the previous batch was applied, so batches grow with load and latency stays low
 * when idle), and maps each outcome onto JetStream — ack, skip (ack), retry (nak with backoff, or
 * dead-letter once the attempts are spent), dead-letter (copy to the DLQ, then term).
 * Resolves once `signal` aborted and the batch in hand is settled.
 */
export async function runConsumerLoop<T>(options: ConsumerLoopOptions<T>): Promise<void> {
  const maxBatch = options.maxBatch ?? 500;
  const consumer = await options.js.consumers.get(options.stream, options.consumer);
  const messages = await consumer.consume({ max_messages: maxBatch * 2 });
  const queue: JsMsg[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const reader = (async () => {
    try {
      for await (const msg of messages) {
        queue.push(msg);
        wake?.();
      }
    } finally {
      ended = true;
      wake?.();
    }
  })();
  const stop = () => {
    void messages.close();
    wake?.();
  };
  if (options.signal.aborted) stop();
  else options.signal.addEventListener('abort', stop, { once: true });

  while (!options.signal.aborted) {
    if (queue.length === 0) {
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    await processBatch(queue.splice(0, maxBatch), options);
  }
  // Hand back what was fetched but not handled, so another instance gets it at once.
  for (const msg of queue.splice(0)) msg.nak();
  await reader;
}

async function processBatch<T>(msgs: JsMsg[], options: ConsumerLoopOptions<T>): Promise<void> {
  const outcomes = new Map<JsMsg, Outcome>();
  const deliveries: Delivery<T>[] = [];
  const handled: JsMsg[] = [];
  for (const msg of msgs) {
    try {
      deliveries.push({
        value: options.decode(msg.data, msg.subject),
        seq: msg.seq,
        subject: msg.subject,
        deliveryCount: msg.info.deliveryCount,
        headers: headersOf(msg),
      });
      handled.push(msg);
    } catch (error) {
      outcomes.set(msg, { kind: 'dead-letter', error: asError(error) });
    }
  }
  if (deliveries.length > 0) {
    // Long batches (a slow database, in-handler retries) must not look abandoned to JetStream.
    const keepAlive = setInterval(() => handled.forEach((msg) => msg.working()), 10_000);
    try {
      const results = await options.handleBatch(deliveries);
      handled.forEach((msg, i) => outcomes.set(msg, results[i] ?? { kind: 'retry', error: new Error('the handler returned no outcome') }));
    } catch (error) {
      for (const msg of handled) outcomes.set(msg, { kind: 'retry', error: asError(error) });
    } finally {
      clearInterval(keepAlive);
    }
  }
  for (const msg of msgs) await settle(msg, outcomes.get(msg) ?? { kind: 'ack' }, options);
}

async function settle<T>(msg: JsMsg, outcome: Outcome, options: ConsumerLoopOptions<T>): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 5;
  let final = outcome;
  if (outcome.kind === 'retry' && msg.info.deliveryCount >= maxAttempts) {
    final = { kind: 'dead-letter', error: outcome.error };
  }
  switch (final.kind) {
    case 'ack':
      msg.ack();
      options.onSettled?.({ seq: msg.seq, subject: msg.subject, outcome: 'ack' });
      return;
    case 'skip':
      msg.ack();
      options.onSettled?.({ seq: msg.seq, subject: msg.subject, outcome: 'skip', reason: final.reason });
      return;
    case 'retry':
      msg.nak((options.retryDelayMs ?? defaultRetryDelay)(msg.info.deliveryCount));
      options.onSettled?.({ seq: msg.seq, subject: msg.subject, outcome: 'retry', reason: final.error.message });
      return;
    case 'dead-letter':
      try {
        await publishDeadLetter(options.js, options.dlqSubject, msg, options.consumer, final.error);
        // No reason text: servers before 2.10 do not recognise `+TERM <reason>` and would redeliver.
        msg.term();
        options.onSettled?.({ seq: msg.seq, subject: msg.subject, outcome: 'dead-letter', reason: final.error.message });
      } catch (error) {
        // The dead letter is not stored, so the message must stay: try again later.
        msg.nak(1000);
        options.onSettled?.({ seq: msg.seq, subject: msg.subject, outcome: 'retry', reason: asError(error).message });
      }
  }
}

function headersOf(msg: JsMsg): Record<string, string> {
  const out: Record<string, string> = {};
  if (!msg.headers) return out;
  for (const [key, values] of msg.headers) out[key] = values[0] ?? '';
  return out;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
