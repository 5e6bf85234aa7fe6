import { describe, expect, it } from 'vitest';
import { buildProbeServer } from './probe-server.js';

describe('the probe server (the health plugin alone)', () => {
  it('serves /health, /ready and /metrics, uncached', async () => {
    const app = buildProbeServer({ service: 'projector', notReadyReason: async () => null });
    try {
      const health = await app.inject('/health');
      expect(health.json()).toEqual({ status: 'ok' });
      expect(health.headers['cache-control']).toBe('no-store');
      expect((await app.inject('/ready')).json()).toEqual({ status: 'ready' });
      const metrics = await app.inject('/metrics');
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect((await app.inject({ method: 'HEAD', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers /ready 503 NOT_READY with the reason (or the check’s error), and tells onNotReady', async () => {
    const told: string[] = [];
    let reason: string | Error = 'Postgres is unreachable';
    const app = buildProbeServer({
      service: 'projector',
      notReadyReason: async () => {
        if (reason instanceof Error) throw reason;
        return reason;
      },
      onNotReady: (why) => told.push(why),
    });
    try {
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ error: { code: 'NOT_READY', message: 'Postgres is unreachable' } });
      reason = new Error('the check failed');
      expect((await app.inject('/ready')).json()).toEqual({ error: { code: 'NOT_READY', message: 'the check failed' } });
      expect(told).toEqual(['Postgres is unreachable', 'the check failed']);
    } finally {
      await app.close();
    }
  });

  it('answers other paths 404 and other methods 405, naming what it serves', async () => {
    const app = buildProbeServer({ service: 'projector', notReadyReason: async () => null });
    try {
      const missing = await app.inject('/nope?x=1');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'no route /nope; the projector serves /health, /ready and /metrics' },
      });
      const posted = await app.inject({ method: 'POST', url: '/ready' });
      expect(posted.statusCode).toBe(405);
      expect(posted.json().error.code).toBe('METHOD_NOT_ALLOWED');
    } finally {
      await app.close();
    }
  });
});
