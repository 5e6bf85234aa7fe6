import { SpanKind, context, trace } from '@opentelemetry/api';
import { contextFromHeaders, metricsRegistry, tracer, withSpan } from '@pipe/telemetry';
import { installTestTracing } from '@pipe/telemetry/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Delivery, runConsumerLoop } from './consumer-loop.js';
import { ensureConsumer } from './ensure-consumer.js';
import { ack } from './outcome.js';
import { publishBytes } from './publish.js';
import { changesSubject, dlqSubject, eventsWildcard } from './stream-names.js';
import { createTestBus, type TestBus } from './testing/index.js';

const tracing = installTestTracing();
const encoder = new TextEncoder();

describe('trace context across NATS', () => {
  let bus: TestBus;
  beforeEach(async () => {
    tracing.reset();
    bus = await createTestBus();
    await ensureConsumer(bus.jsm, { stream: bus.names.events, name: 'traced', filterSubject: eventsWildcard(bus.names) });
  });
  afterEach(() => bus.cleanup());

  /** A "webhook": a server span in whose context the event is published, as ingest does. */
  const webhook = (team: string, n: number) =>
    withSpan(`webhook ${n}`, { kind: SpanKind.SERVER }, async (span) => {
      await publishBytes(bus.js, `${bus.names.subjectRoot}.events.0.${team}.github.x`, encoder.encode(`event ${n}`), { msgId: `m${n}` });
      return span.spanContext().traceId;
    });

  it('keeps one trace per event from the webhook through publish, consume, batch and change notice to the notification', async () => {
    const traceA = await webhook('acme', 1);
    const traceB = await webhook('acme', 2);
    expect(traceA).not.toBe(traceB);

    // The projector's part: consume both in one batch, announce each in its own message's trace.
    const stop = new AbortController();
    let seen: Delivery<string>[] = [];
    await runConsumerLoop<string>({
      js: bus.js,
      stream: bus.names.events,
      consumer: 'traced',
      dlqSubject: dlqSubject(bus.names, 'traced'),
      signal: stop.signal,
      decode: (data) => new TextDecoder().decode(data),
      handleBatch: async (batch) => {
        seen = [...seen, ...batch];
        for (const delivery of batch) {
          await context.with(delivery.trace ?? context.active(), () =>
            publishBytes(bus.js, changesSubject(bus.names, 'acme'), encoder.encode(`notice for ${delivery.seq}`), {
              msgId: `c${delivery.seq}`,
            }),
          );
        }
        if (seen.length >= 2) stop.abort();
        return batch.map(() => ack());
      },
    });

    // The gateway's part: the notification continues the trace the change notice carries.
    for (const seq of [1, 2]) {
      const stored = await bus.jsm.streams.getMessage(bus.names.changes, { seq });
      tracer.startSpan('notify', { kind: SpanKind.CONSUMER }, contextFromHeaders(stored?.header)).end();
    }

    const spans = tracing.spans();
    const names = (traceId: string) =>
      spans
        .filter((s) => s.spanContext().traceId === traceId)
        .map((s) => s.name)
        .sort();
    // Each event's trace holds its whole path.
    for (const traceId of [traceA, traceB]) {
      expect(names(traceId)).toEqual(
        expect.arrayContaining(['notify', `process ${bus.names.events}`, 'publish changes', 'publish events']),
      );
    }
    // The batch span lives in one of the two traces and links to both messages' spans.
    const batches = spans.filter((s) => s.name === 'traced batch');
    expect(batches.length).toBeGreaterThan(0);
    const linked = new Set(batches.flatMap((b) => b.links.map((l) => l.context.traceId)));
    expect(linked).toEqual(new Set([traceA, traceB]));
    expect([traceA, traceB]).toContain(batches[0]?.spanContext().traceId);
    // The consume span is the child of the publish span (the traceparent in the headers), not a sibling.
    const publishA = spans.find((s) => s.name === 'publish events' && s.spanContext().traceId === traceA);
    const consumeA = spans.find((s) => s.name === `process ${bus.names.events}` && s.spanContext().traceId === traceA);
    expect(consumeA?.parentSpanContext?.spanId).toBe(publishA?.spanContext().spanId);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  it('times every publish by stream and outcome', async () => {
    await webhook('acme', 3);
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/pipe_jetstream_publish_duration_seconds_count\{stream="events",outcome="ok"\} [1-9]/);
  });
});
