import Fastify, { type FastifyInstance } from 'fastify';
import { type HealthPluginOptions, healthPlugin } from './health-plugin.js';

/** Options of {@link buildProbeServer}. */
export interface ProbeServerOptions extends HealthPluginOptions {
  /** Named in the 404 answer (`the projector serves /health, /ready and /metrics`). */
  service: string;
}

/**
 * The HTTP surface of a service that has no API of its own (the projector): the probes of
 * {@link healthPlugin} and nothing else. Other methods get 405, other paths 404, both as
 * `{ error: { code, message } }`. Closing it closes scrapers' keep-alive connections at once, so
 * they never hold a stopping process open.
 */
export function buildProbeServer(options: ProbeServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  void app.register(healthPlugin, options);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.status(405).send({ error: { code: 'METHOD_NOT_ALLOWED', message: 'the probe routes answer GET only' } });
    }
    return reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${path}; the ${options.service} serves /health, /ready and /metrics` } });
  });
  return app;
}
