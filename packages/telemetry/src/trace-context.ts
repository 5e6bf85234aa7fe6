import {
  type Context,
  type Link,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';

/** The tracer every Pipe span comes from (the service is the resource's name). */
export const tracer = trace.getTracer('pipe');

/** The slice of NATS message headers (`MsgHdrs`) that propagation reads and writes. */
export interface HeaderCarrier {
  get(key: string): string;
  set(key: string, value: string): void;
  keys(): string[];
}

const natsSetter: TextMapSetter<HeaderCarrier> = { set: (carrier, key, value) => carrier.set(key, value) };
const natsGetter: TextMapGetter<HeaderCarrier> = {
  // NATS answers '' for a missing header; the propagator wants undefined.
  get: (carrier, key) => carrier.get(key) || undefined,
  keys: (carrier) => carrier.keys(),
};
const recordGetter: TextMapGetter<Readonly<Record<string, string>>> = {
  get: (carrier, key) => carrier[key] ?? Object.entries(carrier).find(([name]) => name.toLowerCase() === key)?.[1],
  keys: (carrier) => Object.keys(carrier),
};

/**
 * Writes the W3C trace context of `ctx` (default: the active one) into NATS message headers
 * (`traceparent`, `tracestate`). A no-op while tracing is off.
 */
export function injectTraceHeaders(headers: HeaderCarrier, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, natsSetter);
}

/** The trace context a NATS message carried, as a parent for the consumer's span. */
export function contextFromHeaders(headers: HeaderCarrier | undefined): Context {
  return headers ? propagation.extract(context.active(), headers, natsGetter) : context.active();
}

/** The trace context of plain headers (an HTTP request's, a delivery's `headers` record). */
export function contextFromRecord(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (typeof value === 'string') flat[key] = value;
  return propagation.extract(context.active(), flat, recordGetter);
}

/** A link to the span in `ctx`, or none when `ctx` holds no valid span. */
export function linkTo(ctx: Context): Link[] {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && trace.isSpanContextValid(spanContext) ? [{ context: spanContext }] : [];
}

/** The trace id of the active span, for log lines; undefined outside a (recorded) trace. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * Runs `work` in a new active span (child of `parent`, default the active context), marks the span
 * failed when `work` throws, and ends it either way.
 */
export function withSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed with the error. */
export function recordFailure(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}
