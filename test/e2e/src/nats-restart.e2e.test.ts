import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, connectBus, streamNames } from '@pipe/bus';
import { announcedChanges, announcedPerTeam } from '@pipe/projector/testing';
import { type NatsServerProcess, startNatsServer, testNamespace } from '@pipe/test-infra';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type DeliveryAnswer,
  type FaultStackBase,
  type PipeProcess,
  faultStackBase,
  sendIssues,
  startPipeProcess,
  storedIssueNumbers,
} from './fault-stack.js';

const REPOSITORY = 'Codertocat/Hello-World';

// Issue 16, items 2, 8 and 9: a nats-server of the test's own (never the shared one) killed with
// -9 under load and started again: the services ride it out by themselves.
describe('Pipe through a NATS restart', () => {
  let nats: NatsServerProcess & { cleanup(): Promise<void> };
  let base: FaultStackBase;
  let bus: Bus;
  const namespace = testNamespace();
  const names = streamNames(namespace);
  const services: PipeProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    base = await faultStackBase(nats.url, namespace);
    const started = await Promise.all([startPipeProcess('ingest-github', base.env), startPipeProcess('projector', base.env)]);
    services.push(...started);
    await Promise.all(started.map((s) => s.ready(120_000)));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await bus?.nc.close();
    await base?.cleanup();
    await nats?.cleanup();
  }, 120_000);

  it('503 with Retry-After while NATS is down, recovery without restarts, every acknowledged delivery a row, no lost announcement', async () => {
    const ingest = services.filter((s) => s.service === 'ingest-github').map((s) => s.baseUrl);
    const answers: DeliveryAnswer[] = [];
    const stopSending = new AbortController();
    const sending = sendIssues(ingest, base, 1, stopSending.signal, (a) => answers.push(a));
    const accepted = () => answers.filter((a) => a.status === 202);
    try {
      await vi.waitFor(() => expect(accepted().length).toBeGreaterThanOrEqual(20), { timeout: 60_000, interval: 50 });
      await nats.kill();
      const killedAt = answers.length;
      await vi.waitFor(() => expect(answers.slice(killedAt).filter((a) => a.status === 503).length).toBeGreaterThanOrEqual(3), {
        timeout: 60_000,
        interval: 50,
      });
      await nats.start();
      const restartedAt = answers.length;
      await vi.waitFor(() => expect(answers.slice(restartedAt).filter((a) => a.status === 202).length).toBeGreaterThanOrEqual(20), {
        timeout: 90_000,
        interval: 50,
      });
    } finally {
      stopSending.abort();
      await sending;
    }
    for (const refused of answers.filter((a) => a.status !== 202)) {
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toMatch(/^\d+$/);
    }
    expect(services.every((s) => s.alive())).toBe(true);

    const acknowledged = new Set(accepted().map((a) => a.issue));
    await vi.waitFor(
      async () => {
        const stored = await storedIssueNumbers(base.testDb, REPOSITORY);
        expect([...acknowledged].filter((issue) => !stored.has(issue))).toEqual([]);
        expect(await base.testDb.db.selectFrom('change_outbox').select('id').execute()).toEqual([]);
      },
      { timeout: 120_000, interval: 250 },
    );
    await sleep(200);
    bus = await connectBus({ url: nats.url, name: 'restart-test' });
    const announced = announcedPerTeam(await announcedChanges(bus, names)).get('acme');
    const items = await base.testDb.db.selectFrom('items').select('id').execute();
    expect(items.filter((row) => !announced?.items.has(row.id))).toEqual([]);
    expect(announced?.inOrder).toBe(true);
  }, 300_000);
});
