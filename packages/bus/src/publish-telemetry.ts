import { SpanKind, context, trace } from '@opentelemetry/api';
import { type HeaderCarrier, LATENCY_BUCKETS, histogram, injectTraceHeaders, recordFailure, tracer } from '@pipe/telemetry';

/** JetStream publish latency: from the publish to the stream's acknowledgement (or the failure). */
const publishSeconds = histogram({
  name: 'pipe_jetstream_publish_duration_seconds',
  help: 'Time from a JetStream publish to its acknowledgement, by stream and outcome (ok, error).',
  labelNames: ['stream', 'outcome'],
  buckets: LATENCY_BUCKETS,
});

/** The stream a Pipe subject belongs to (`events`, `raw`, `changes`, `dlq`), for a low-cardinality label. */
export function streamOfSubject(subject: string): string {
  return /(?:^|\.)pipe\.(events|raw|changes|dlq|status)\./.exec(subject)?.[1] ?? 'other';
}

/** One publish being observed; call exactly one of the two when JetStream answered. */
export interface PublishObservation {
  acked(seq: number, duplicate: boolean): void;
  failed(error: unknown): void;
}

/**
 * Starts observing a JetStream publish: a PRODUCER span (child of the active context — the
 * webhook's, the projector batch's) whose W3C `traceparent` is written into the message's
 * `headers`, so the consumer continues the same trace; and the latency histogram. There is no
 * maintained NATS instrumentation for the v3 client, so every publish path of Pipe calls this.
 */
export function observePublish(subject: string, headers: HeaderCarrier): PublishObservation {
  const stream = streamOfSubject(subject);
  const span = tracer.startSpan(`publish ${stream}`, {
    kind: SpanKind.PRODUCER,
    attributes: { 'messaging.system': 'nats', 'messaging.operation.type': 'send', 'messaging.destination.name': subject },
  });
  injectTraceHeaders(headers, trace.setSpan(context.active(), span));
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  return {
    acked(seq, duplicate) {
      publishSeconds.observe({ stream, outcome: 'ok' }, seconds());
      span.setAttributes({ 'messaging.nats.stream_sequence': seq, 'pipe.duplicate': duplicate });
      span.end();
    },
    failed(error) {
      publishSeconds.observe({ stream, outcome: 'error' }, seconds());
      recordFailure(span, error);
      span.end();
    },
  };
}
