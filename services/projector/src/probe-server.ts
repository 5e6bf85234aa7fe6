import { type Server, createServer } from 'node:http';
import { metricsRegistry } from '@pipe/telemetry';

/** What the probe server answers from. */
export interface ProbeServerOptions {
  port: number;
  host: string;
  /** Null when ready to apply events, else why not (answered by `/ready` with 503). */
  notReadyReason(): Promise<string | null>;
}

/** A listening probe server. */
export interface ProbeServer {
  /** The bound port (the configured one, or the one picked for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The projector's only HTTP surface: `GET /health` (the process serves: liveness), `GET /ready`
 * (Postgres and NATS answer and it is not stopping: readiness) and `GET /metrics` (Prometheus).
 * Plain `node:http`: three read-only routes do not need a framework in a service without one.
 */
export async function startProbeServer(options: ProbeServerOptions): Promise<ProbeServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
      response.end(body);
    };
    const json = (status: number, body: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(body));
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'the probe routes answer GET only' } });
    if (path === '/health') return json(200, { status: 'ok' });
    if (path === '/ready') {
      options.notReadyReason().then(
        (reason) => (reason ? json(503, { error: { code: 'NOT_READY', message: reason } }) : json(200, { status: 'ready' })),
        (error: unknown) => json(503, { error: { code: 'NOT_READY', message: String(error) } }),
      );
      return;
    }
    if (path === '/metrics') {
      metricsRegistry.metrics().then(
        (text) => send(200, metricsRegistry.contentType, text),
        (error: unknown) => json(500, { error: { code: 'METRICS_FAILED', message: String(error) } }),
      );
      return;
    }
    return json(404, { error: { code: 'NOT_FOUND', message: `no route ${path}; the projector serves /health, /ready and /metrics` } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Scrapers keep connections alive; they must not hold the process open at shutdown.
        server.closeAllConnections();
      }),
  };
}
