import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { type Context, context } from '@opentelemetry/api';
import { publishDeadLetter } from './dead-letter.js';
import { MessageSpans, withBatchSpan } from './consume-telemetry.js';
import type { Outcome } from './outcome.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, attemptsSpent } from './retry-policy.js';

/** One delivered message, decoded, as a handler sees it. */
export interface Delivery<T> {
  value: T;
  /** The message's sequence in its stream. */
  seq: number;
  subject: string;
  /** 1 on first delivery; counts redeliveries. */
  deliveryCount: number;
  headers: Readonly<Record<string, string>>;
  /**
   * The message's trace: the context of its consume span, a child of the `traceparent` it was
   * published with. Run work about this one message in it (`context.with`), e.g. what it announces.
   */
  trace?: Context;
}

/** A hole in a consumer's deliveries (see {@link ConsumerLoopOptions.gapCheck}). */
export interface DeliveryGap {
  /** The delivery number that was due. */
  expected: number;
  /** The one that came. */
  received: number;
  /** Its stream sequence. */
  seq: number;
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
  /**
   * How a `retry` is redelivered and when it becomes a dead letter, counting deliveries (default
   * {@link DEFAULT_RETRY_POLICY}). A handler that retries in place passes the policy it uses.
   */
  retry?: RetryPolicy;
  /** Most messages handed to one `handleBatch` call (default 500). */
  maxBatch?: number;
  /** Aborting stops fetching, finishes the batch in hand, and returns messages not yet handled. */
  signal: AbortSignal;
  /**
   * Checks that no delivery went missing, for a consumer whose position is kept elsewhere and
   * which must apply everything in stream order (the projector): the consumer numbers its
   * deliveries 1, 2, 3… (redeliveries too), so a number skipped is a delivery lost on the way — to
   * a connection that dropped, say — that JetStream would only redeliver after the ack wait,
   * behind later messages. On a skipped (or repeated) number, what came before it is handled, the
   * rest is released, `onGap` is told and the loop ends: its owner re-reads from its own position.
   * `firstDelivery` is the number the consumer's first delivery has (1 for a consumer just created).
   */
  gapCheck?: { firstDelivery: number; onGap(gap: DeliveryGap): void };
  onSettled?(settled: SettledMessage): void;
}

/**
 * The one consumer loop: pulls messages, hands them to the handler in batches (everything that
 * arrived while the previous batch was applied, so batches grow with load and latency stays low
 * when idle), and maps each outcome onto JetStream — ack, skip (ack), retry (nak after the retry
 * policy's delay, or dead-letter once its attempts are spent), release (nak at once, never a dead
 * letter), dead-letter (copy to the DLQ, then term). A handler that throws has its batch retried —
 * or released when the loop is stopping, since a stop is no failure of the messages.
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

  let nextDelivery = options.gapCheck?.firstDelivery;
  while (!options.signal.aborted) {
    if (queue.length === 0) {
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    const batch = queue.splice(0, maxBatch);
    const due = nextDelivery;
    const hole = due === undefined ? -1 : batch.findIndex((msg, i) => msg.info.deliverySequence !== due + i);
    if (hole < 0) {
      if (nextDelivery !== undefined) nextDelivery += batch.length;
      await processBatch(batch, options);
      continue;
    }
    // Everything before the hole is in order; from it on, nothing may be applied.
    if (hole > 0) await processBatch(batch.slice(0, hole), options);
    const first = batch[hole] as JsMsg;
    queue.unshift(...batch.slice(hole));
    options.gapCheck?.onGap({ expected: (due ?? 0) + hole, received: first.info.deliverySequence, seq: first.seq });
    break;
  }
  // Hand back what was fetched but not handled, so another instance gets it at once.
  stop();
  for (const msg of queue.splice(0)) msg.nak();
  await reader;
}

async function processBatch<T>(msgs: JsMsg[], options: ConsumerLoopOptions<T>): Promise<void> {
  const outcomes = new Map<JsMsg, Outcome>();
  const deliveries: Delivery<T>[] = [];
  const handled: JsMsg[] = [];
  const spans = new MessageSpans(options.stream, options.consumer);
  for (const msg of msgs) {
    const trace = spans.start(msg);
    try {
      deliveries.push({
        value: options.decode(msg.data, msg.subject),
        seq: msg.seq,
        subject: msg.subject,
        deliveryCount: msg.info.deliveryCount,
        headers: headersOf(msg),
        trace,
      });
      handled.push(msg);
    } catch (error) {
      outcomes.set(msg, { kind: 'dead-letter', error: asError(error) });
    }
  }
  if (deliveries.length > 0) {
    // Long batches (a slow database, in-handler retries) must not look abandoned to JetStream.
    const keepAlive = setInterval(() => {
      for (const msg of handled) msg.working();
    }, 10_000);
    try {
      const results = await withBatchSpan(options.consumer, deliveries, () => options.handleBatch(deliveries));
      for (const [i, msg] of handled.entries()) {
        outcomes.set(msg, results[i] ?? { kind: 'retry', error: new Error('the handler returned no outcome') });
      }
    } catch (error) {
      const outcome: Outcome = options.signal.aborted
        ? { kind: 'release', reason: 'the consumer is stopping' }
        : { kind: 'retry', error: asError(error) };
      for (const msg of handled) outcomes.set(msg, outcome);
    } finally {
      clearInterval(keepAlive);
    }
  }
  for (const msg of msgs) {
    const outcome = outcomes.get(msg) ?? { kind: 'ack' };
    // In the message's trace, so a dead letter carries the event's traceparent on to PIPE_DLQ.
    const settling = context.with(spans.contextOf(msg), () => settle(msg, outcome, options));
    // Only a dead letter is awaited. An ack is sent as soon as it is made, and not yielding
    // between them lets the batch's acks leave together in one write to NATS instead of one
    // write (and one wake-up of the server) each.
    spans.end(msg, settling instanceof Promise ? await settling : settling);
  }
}

/**
 * Settles a message on JetStream; returns what it became (a failed dead letter stays a retry) —
 * at once, except for a dead letter, which first waits for its copy to be stored.
 */
function settle<T>(msg: JsMsg, outcome: Outcome, options: ConsumerLoopOptions<T>): SettledMessage | Promise<SettledMessage> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  let final = outcome;
  if (outcome.kind === 'retry' && attemptsSpent(policy, msg.info.deliveryCount)) {
    final = { kind: 'dead-letter', error: outcome.error };
  }
  const report = (settled: SettledMessage): SettledMessage => {
    options.onSettled?.(settled);
    return settled;
  };
  switch (final.kind) {
    case 'ack':
      msg.ack();
      return report({ seq: msg.seq, subject: msg.subject, outcome: 'ack' });
    case 'skip':
      msg.ack();
      return report({ seq: msg.seq, subject: msg.subject, outcome: 'skip', reason: final.reason });
    case 'retry':
      msg.nak(policy.delayMs(msg.info.deliveryCount));
      return report({ seq: msg.seq, subject: msg.subject, outcome: 'retry', reason: final.error.message });
    case 'release':
      msg.nak();
      return report({ seq: msg.seq, subject: msg.subject, outcome: 'release', reason: final.reason });
    case 'dead-letter':
      return deadLetter(msg, final.error, options, report);
  }
}

/** Copies a message to the dead-letter stream, then terminates it; if the copy is not stored, the message stays. */
async function deadLetter<T>(
  msg: JsMsg,
  error: Error,
  options: ConsumerLoopOptions<T>,
  report: (settled: SettledMessage) => SettledMessage,
): Promise<SettledMessage> {
  try {
    await publishDeadLetter(options.js, options.dlqSubject, msg, options.consumer, error);
    // No reason text: servers before 2.10 do not recognise `+TERM <reason>` and would redeliver.
    msg.term();
    return report({ seq: msg.seq, subject: msg.subject, outcome: 'dead-letter', reason: error.message });
  } catch (cause) {
    // The dead letter is not stored, so the message must stay: try again later.
    msg.nak(1000);
    return report({ seq: msg.seq, subject: msg.subject, outcome: 'retry', reason: asError(cause).message });
  }
}

function headersOf(msg: JsMsg): Record<string, string> {
  const out: Record<string, string> = {};
  if (!msg.headers) return out;
  for (const [key, values] of msg.headers) out[key] = values[0] ?? '';
  return out;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
