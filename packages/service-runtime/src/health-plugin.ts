import { metricsRegistry } from '@pipe/telemetry';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Options of {@link healthPlugin}. */
export interface HealthPluginOptions {
  /** Null when the service can do its work, else why not (answered by `/ready` with 503). */
  notReadyReason(): Promise<string | null>;
  /** Told when `/ready` answers 503 (to log it). */
  onNotReady?(reason: string, request: FastifyRequest): void;
}

/** The body of a 503 from `/ready`: the same `{ error: { code, message } }` shape as every other error. */
export interface NotReadyBody {
  error: { code: 'NOT_READY'; message: string };
}

/**
 * Every service's probes, one Fastify plugin: `GET /health` (the process serves: liveness; it
 * touches nothing else), `GET /ready` (its dependencies answer and it is not draining: readiness,
 * 503 `NOT_READY` with the reason otherwise) and `GET /metrics` (the process's Prometheus
 * registry). Not encapsulated, so the app's own hooks (host checks, error shapes) see the routes.
 * Probe answers are never cached.
 *
 * @example
 * await app.register(healthPlugin, { notReadyReason: service.notReadyReason });
 */
export const healthPlugin = fp<HealthPluginOptions>(
  (async (app, options) => {
    app.get('/health', async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { status: 'ok' };
    });
    app.get('/ready', async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const reason = await options.notReadyReason().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (reason === null) return { status: 'ready' };
      options.onNotReady?.(reason, request);
      const body: NotReadyBody = { error: { code: 'NOT_READY', message: reason } };
      return reply.status(503).type('application/json; charset=utf-8').send(body);
    });
    app.get('/metrics', async (_request, reply) => {
      void reply.header('cache-control', 'no-store').type(metricsRegistry.contentType);
      return metricsRegistry.metrics();
    });
  }) satisfies FastifyPluginAsync<HealthPluginOptions>,
  { name: '@pipe/service-runtime/health', fastify: '5.x' },
);
