import type { JsMsg } from '@nats-io/jetstream';
import { type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { LATENCY_BUCKETS, RateMeter, contextFromHeaders, counter, gauge, histogram, tracer, withSpan } from '@pipe/telemetry';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const mcpRequests = counter({
  name: 'pipe_mcp_requests_total',
  help: 'MCP requests answered, by JSON-RPC method, tool (tools/call only) and HTTP status.',
  labelNames: ['method', 'tool', 'status'],
});
const mcpSeconds = histogram({
  name: 'pipe_mcp_request_duration_seconds',
  help: 'Time to answer an MCP request (not the life of a GET notification stream), by method and tool.',
  labelNames: ['method', 'tool'],
  buckets: LATENCY_BUCKETS,
});
const notificationsTotal = counter({
  name: 'pipe_change_notices_delivered_total',
  help: 'Change notices from PIPE_CHANGES fanned out to this process’s sessions and feed sockets.',
});

/** What the gauges read: the live objects of each gateway app in the process. */
export interface GatewayGaugeSource {
  /** Open MCP sessions. */
  sessions: { readonly size: number; values(): Iterable<{ subscriptions: { readonly size: number } }> };
  /** The change feed's listeners (sessions with notifications and WebSocket feeds). */
  feed?: { readonly listenerCount: number } | undefined;
}

const sources = new Set<GatewayGaugeSource>();

gauge({
  name: 'pipe_mcp_sessions',
  help: 'MCP sessions open in this process.',
  collect() {
    let n = 0;
    for (const source of sources) n += source.sessions.size;
    this.set(n);
  },
});
gauge({
  name: 'pipe_mcp_subscriptions',
  help: 'Resource subscriptions of the MCP sessions open in this process.',
  collect() {
    let n = 0;
    for (const source of sources) for (const session of source.sessions.values()) n += session.subscriptions.size;
    this.set(n);
  },
});
gauge({
  name: 'pipe_change_listeners',
  help: 'Listeners of the live PIPE_CHANGES feed in this process (MCP sessions and WebSocket feeds).',
  collect() {
    let n = 0;
    for (const source of sources) n += source.feed?.listenerCount ?? 0;
    this.set(n);
  },
});

/** MCP requests this process answered, for the throughput `pipe status` shows. */
export const answeredRequests = new RateMeter('requests');

interface McpRequestTrace {
  span: Span;
  started: number;
}
const inFlight = new WeakMap<FastifyRequest, McpRequestTrace>();

/** The JSON-RPC method and tool of an `/mcp` request (`GET` opens the notification stream). */
function describe(request: FastifyRequest): { method: string; tool: string } {
  if (request.method === 'GET') return { method: 'stream', tool: '' };
  if (request.method === 'DELETE') return { method: 'session/delete', tool: '' };
  const body = request.body as { method?: unknown; params?: { name?: unknown } } | unknown[] | undefined;
  if (Array.isArray(body)) return { method: 'batch', tool: '' };
  const method =
    typeof body?.method === 'string' ? body.method : typeof body === 'object' && body !== null && 'result' in body ? 'response' : 'unknown';
  const tool = method === 'tools/call' && typeof body?.params?.name === 'string' ? body.params.name : '';
  return { method, tool };
}

/**
 * The gateway's observability in one call from `buildApp` (`/metrics` is the runtime's health
 * plugin): MCP requests by method
 * and tool with their latency (and a SERVER span each), and the session, subscription and
 * listener gauges read from this app's live objects.
 */
export function instrumentGateway(app: FastifyInstance, source: GatewayGaugeSource): void {
  sources.add(source);
  app.addHook('onClose', async () => {
    sources.delete(source);
  });
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== '/mcp') return;
    const span = tracer.startSpan(`${request.method} /mcp`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'http.route': '/mcp' },
    });
    inFlight.set(request, { span, started: performance.now() });
  });
  app.addHook('onResponse', async (request, reply) => {
    const entry = inFlight.get(request);
    if (!entry) return;
    inFlight.delete(request);
    const { method, tool } = describe(request);
    mcpRequests.inc({ method, tool, status: String(reply.statusCode) });
    if (method !== 'stream') mcpSeconds.observe({ method, tool }, (performance.now() - entry.started) / 1000);
    answeredRequests.mark();
    entry.span.updateName(`mcp ${method}${tool ? ` ${tool}` : ''}`);
    entry.span.setAttributes({ 'rpc.method': method, 'pipe.tool': tool, 'http.response.status_code': reply.statusCode });
    if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
    entry.span.end();
  });
}

/**
 * Fans one change notice out inside a span that continues the trace the projector put in its
 * headers: the last hop of an event's trace (webhook → … → projector batch → notification).
 */
export function inNotificationSpan<T>(msg: Pick<JsMsg, 'headers' | 'seq' | 'subject'>, deliver: () => Promise<T>): Promise<T> {
  notificationsTotal.inc();
  return withSpan(
    'notify PIPE_CHANGES',
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'process',
        'messaging.destination.name': msg.subject,
        'messaging.nats.stream_sequence': msg.seq,
      },
    },
    () => deliver(),
    contextFromHeaders(msg.headers),
  );
}
