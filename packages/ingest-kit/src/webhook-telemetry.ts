import { type Context, type Span, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { LATENCY_BUCKETS, RateMeter, contextFromRecord, counter, histogram, tracer } from '@pipe/telemetry';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const webhooksTotal = counter({
  name: 'pipe_webhooks_total',
  help: 'Webhook deliveries answered, by platform and outcome (accepted, duplicate, skipped, handshake, or the error code: SIGNATURE_INVALID, BUS_UNAVAILABLE, …).',
  labelNames: ['platform', 'outcome'],
});

const webhookSeconds = histogram({
  name: 'pipe_webhook_duration_seconds',
  help: 'Time from a webhook request to its answer (2xx only after JetStream acknowledged), by platform.',
  labelNames: ['platform'],
  buckets: LATENCY_BUCKETS,
});

/** Deliveries this process accepted (2xx), for the throughput `pipe status` shows. */
export const acceptedWebhooks = new RateMeter('webhooks');

interface RequestTrace {
  span: Span;
  ctx: Context;
  started: number;
  outcome?: string;
}

const traces = new WeakMap<FastifyRequest, RequestTrace>();

/**
 * Observes the app's webhook route: a SERVER span per request — where an event's trace starts,
 * or continues when the caller sent a `traceparent` — plus the webhook counter by platform and
 * outcome and the answer-time histogram. The span is made the active context of the handler by
 * {@link inWebhookTrace}, so the publishes inject it into the NATS headers.
 */
export function instrumentWebhooks(app: FastifyInstance, platform: string): void {
  const route = `/webhooks/${platform}/:team`;
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== route) return;
    const parent = contextFromRecord(request.headers);
    const span = tracer.startSpan(
      `POST ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route, 'pipe.platform': platform } },
      parent,
    );
    traces.set(request, { span, ctx: trace.setSpan(parent, span), started: performance.now() });
  });
  app.addHook('onResponse', async (request, reply) => {
    const entry = traces.get(request);
    if (!entry) return;
    traces.delete(request);
    const status = reply.statusCode;
    const outcome = entry.outcome ?? (status < 300 ? 'accepted' : `http_${status}`);
    webhooksTotal.inc({ platform, outcome });
    webhookSeconds.observe({ platform }, (performance.now() - entry.started) / 1000);
    if (status < 300) acceptedWebhooks.mark();
    entry.span.setAttributes({ 'http.response.status_code': status, 'pipe.outcome': outcome });
    if (status >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    entry.span.end();
  });
}

/** Runs the webhook handler in its request's span (the active context for everything it publishes). */
export function inWebhookTrace<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  const entry = traces.get(request);
  return entry ? context.with(entry.ctx, work) : work();
}

/** Records what a delivery became (`duplicate`, `skipped`, `handshake`, an error code) for the counter. */
export function markWebhookOutcome(request: FastifyRequest, outcome: string): void {
  const entry = traces.get(request);
  if (entry) entry.outcome = outcome;
}
