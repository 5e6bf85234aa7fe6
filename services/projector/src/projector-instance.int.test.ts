import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { discoverInstances } from '@pipe/telemetry';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService } from '@pipe/service-runtime';
import { loadProjectorConfig } from './config.js';
import { partitionConsumerName } from './projector.js';
import { serveProjector } from './projector-instance.js';
import { projectUntilCaughtUp } from './testing/index.js';

describe("the projector's probe server and micro service", () => {
  let bus: TestBus;
  let t: TestDb;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  it('serves /health, /ready and /metrics (lag, DLQ size, batch size and apply time), and answers pipe status', async () => {
    for (let n = 1; n <= 3; n++) {
      const event = itemObserved(githubIssueSnapshot('octo/demo', n));
      await publishEvent(bus.js, bus.names, event, { msgId: event.id });
    }
    await projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger: pino({ level: 'silent' }) });
    // One more event stored but not applied: the lag the instance must report.
    const late = itemObserved(githubIssueSnapshot('octo/demo', 4));
    await publishEvent(bus.js, bus.names, late, { msgId: late.id });

    const config = loadProjectorConfig({
      NATS_URL: bus.url,
      DATABASE_URL: t.url,
      PIPE_NAMESPACE: bus.namespace,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const service = await startService({ name: 'projector', config, drains: 'draining', version: '0.1.0', handleSignals: false });
    const consumers = Array.from({ length: bus.names.partitions }, (_, p) => partitionConsumerName('projector', p));
    // Work in hand that the test releases: the drain waits for it, with the probes still up.
    let release!: () => void;
    service.run(() => new Promise<void>((resolve) => (release = resolve)));
    const instance = await serveProjector(service, { consumers });
    try {
      const base = `http://127.0.0.1:${instance.port}`;
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`^pipe_consumer_pending_messages\\{stream="${bus.names.events}",consumer="projector-p\\d+"\\} 1$`, 'm'),
      );
      expect(metrics).toMatch(new RegExp(`^pipe_dlq_messages\\{stream="${bus.names.dlq}"\\} 0$`, 'm'));
      expect(metrics).toMatch(/^pipe_projector_batch_size_count [1-9]/m);
      expect(metrics).toMatch(/^pipe_projector_apply_duration_seconds_count\{outcome="ok"\} [1-9]/m);

      const [found] = await discoverInstances(bus.nc, { namespace: bus.namespace });
      expect(found).toMatchObject({
        service: 'projector',
        id: instance.instanceId,
        status: { health: 'ok', lag: 1, throughput: { unit: 'events' } },
      });
      expect(found?.status?.throughput.total).toBeGreaterThanOrEqual(3);

      const stopped = service.stop();
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      release();
      await stopped;
    } finally {
      release();
      await service.stop();
    }
  });
});
