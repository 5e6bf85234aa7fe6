import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { loadConfig } from '@pipe/config';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { RateMeter, discoverInstances } from '@pipe/telemetry';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runtimeConfigShape } from './config.js';
import { healthPlugin } from './health-plugin.js';
import { startService } from './start-service.js';

/** Discovery with no micro service on the server at all: nobody answers, which is an empty list too. */
const noResponders = (error: unknown): [] => {
  if (error instanceof Error && /no responders/i.test(error.message)) return [];
  throw error;
};

describe('a service on the runtime', () => {
  let bus: TestBus;
  let t: TestDb;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  it('serves, registers, and drains in one sequence: draining, out of discovery, work in hand finished, then closed', async () => {
    const env = { NATS_URL: bus.url, DATABASE_URL: t.url, PIPE_NAMESPACE: bus.namespace, PORT: '0', HOST: '', LOG_LEVEL: 'silent' };
    const config = loadConfig('runtime-test', z.object(runtimeConfigShape(7499)), env);
    expect(config.HOST).toBe('127.0.0.1');
    const service = await startService({ name: 'runtime-test', config, drains: 'draining: test', version: '9.9.9', handleSignals: false });
    const app = Fastify({ logger: false });
    await app.register(healthPlugin, { notReadyReason: service.notReadyReason });
    let release!: () => void;
    service.run(() => new Promise<void>((resolve) => (release = resolve)));
    const serving = await service.serve({ app, description: 'a test service', throughput: new RateMeter('tests') });
    const base = `http://127.0.0.1:${serving.port}`;
    try {
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      const [found] = await discoverInstances(bus.nc, { namespace: bus.namespace });
      expect(found).toMatchObject({
        service: 'runtime-test',
        id: serving.instanceId,
        version: '9.9.9',
        status: { health: 'ok', lag: null, throughput: { unit: 'tests' } },
      });

      const stopped = service.stop();
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ error: { code: 'NOT_READY', message: 'draining: the service is stopping' } });
      // The instance leaves discovery while its work is still in hand (leaving is a NATS round trip,
      // so an answer may still say `draining` just after the stop began); then no instance of this
      // namespace answers (and with none on the server at all, nobody answers).
      await expect
        .poll(() => discoverInstances(bus.nc, { namespace: bus.namespace, maxWaitMs: 300 }).catch(noResponders), { timeout: 5000 })
        .toEqual([]);
      expect(service.bus.nc.isClosed()).toBe(false);
      release();
      await stopped;
      expect(service.bus.nc.isClosed()).toBe(true);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      release();
      await service.stop();
    }
  });
});
