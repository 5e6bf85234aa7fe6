import type { JsMsg } from '@nats-io/jetstream';
import { type Context, type Span, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { contextFromHeaders, counter, linkTo, tracer, withSpan } from '@pipe/telemetry';
import type { SettledMessage } from './consumer-loop.js';

const settledTotal = counter({
  name: 'pipe_consumer_messages_total',
  help: 'Messages a consumer loop settled, by consumer and outcome (ack, skip, retry, release, dead-letter).',
  labelNames: ['consumer', 'outcome'],
});

/**
 * One CONSUMER span per message, each the child of the `traceparent` the message was published
 * with, so every event's trace runs on from its webhook through its consumption. Spans start
 * when the message is handed to the handler and end when it is settled (acked, nak'd or
 * dead-lettered), with the outcome.
 *
 * Why a span per message rather than only a batch span with links: a batch mixes events of many
 * webhooks, i.e. many traces, and a span has one parent. Per-message spans keep each trace whole
 * (webhook → publish → consume → change notice → notification); the batch span (below) is where
 * the shared work is timed, linked from and to every message.
 */
export class MessageSpans {
  readonly #spans = new Map<JsMsg, { span: Span; ctx: Context }>();

  constructor(
    private readonly stream: string,
    private readonly consumer: string,
  ) {}

  /** Starts the message's span; returns its context (also for {@link contextOf}). */
  start(msg: JsMsg): Context {
    const parent = contextFromHeaders(msg.headers);
    const span = tracer.startSpan(
      `process ${this.stream}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': this.consumer,
          'messaging.nats.stream_sequence': msg.seq,
          'messaging.nats.delivery_count': msg.info.deliveryCount,
        },
      },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    this.#spans.set(msg, { span, ctx });
    return ctx;
  }

  /** The message's context (the active one if it has no span). */
  contextOf(msg: JsMsg): Context {
    return this.#spans.get(msg)?.ctx ?? context.active();
  }

  /** Ends the message's span with how it was settled, and counts the outcome. */
  end(msg: JsMsg, settled: SettledMessage): void {
    settledTotal.inc({ consumer: this.consumer, outcome: settled.outcome });
    const entry = this.#spans.get(msg);
    if (!entry) return;
    this.#spans.delete(msg);
    entry.span.setAttribute('pipe.outcome', settled.outcome);
    if (settled.outcome === 'retry' || settled.outcome === 'dead-letter') {
      entry.span.setStatus({ code: SpanStatusCode.ERROR, message: settled.reason ?? settled.outcome });
    }
    entry.span.end();
  }
}

/**
 * Runs a batch handler in a span for the whole batch. Its parent is the first message's span, so
 * the usual low-load batch of one event sits inside that event's trace as one tree; it links to
 * every message's span (and each of those is in its own trace), so a batch of many events is
 * reachable from each of them. Attributes: batch size and the first and last stream sequence.
 */
export function withBatchSpan<R>(
  consumer: string,
  deliveries: ReadonlyArray<{ seq: number; trace?: Context }>,
  work: () => Promise<R>,
): Promise<R> {
  const first = deliveries[0];
  const last = deliveries[deliveries.length - 1];
  return withSpan(
    `${consumer} batch`,
    {
      links: deliveries.flatMap((delivery) => (delivery.trace ? linkTo(delivery.trace) : [])),
      attributes: {
        'messaging.batch.message_count': deliveries.length,
        'pipe.batch.first_seq': first?.seq ?? 0,
        'pipe.batch.last_seq': last?.seq ?? 0,
      },
    },
    () => work(),
    first?.trace ?? context.active(),
  );
}
