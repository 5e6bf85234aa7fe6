import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, connectBus, streamNames } from '@pipe/bus';
import { announcedChanges, announcedPerTeam } from '@pipe/projector/testing';
import { type NatsCluster, startNatsCluster, testNamespace } from '@pipe/test-infra';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type DeliveryAnswer,
  type FaultStackBase,
  type PipeProcess,
  faultStackBase,
  sendIssues,
  storedIssueNumbers,
  startPipeProcess,
} from './fault-stack.js';

const REPOSITORY = 'Codertocat/Hello-World';

// Issue 16, items 7 and 8: three nats-servers on loopback (own ports, own stores), replicated
// streams (R3), the services started at once, then the leader of PIPE_EVENTS killed under load.
describe('Pipe on a three-node NATS cluster with replicated streams', () => {
  let cluster: NatsCluster;
  let base: FaultStackBase;
  let bus: Bus;
  const namespace = testNamespace();
  const names = streamNames(namespace);
  const services: PipeProcess[] = [];

  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    base = await faultStackBase(cluster.url, namespace, { PIPE_STREAM_REPLICAS: '3' });
    bus = await connectBus({ url: cluster.url, name: 'cluster-test' });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await bus?.nc.close();
    await base?.cleanup();
    await cluster?.cleanup();
  }, 120_000);

  it('starts every service at once: one provisions R3 streams under the lock while the others wait, none crashes', async () => {
    const started = await Promise.all([
      startPipeProcess('ingest-github', base.env),
      startPipeProcess('ingest-github', base.env),
      startPipeProcess('projector', base.env),
      startPipeProcess('projector', base.env),
    ]);
    services.push(...started);
    await Promise.all(started.map((s) => s.ready(120_000)));
    for (const stream of [names.events, names.raw, names.changes, names.dlq]) {
      const info = await bus.jsm.streams.info(stream);
      expect(info.config.num_replicas).toBe(3);
      expect(info.cluster?.leader).toBeTruthy();
    }
  }, 180_000);

  it('loses the leader of PIPE_EVENTS under load: 503 with Retry-After during the election, then recovery without restarts; every acknowledged delivery a row, every change announced', async () => {
    const ingest = services.filter((s) => s.service === 'ingest-github').map((s) => s.baseUrl);
    const answers: DeliveryAnswer[] = [];
    const stopSending = new AbortController();
    const sending = sendIssues(ingest, base, 1, stopSending.signal, (a) => answers.push(a));
    const accepted = () => answers.filter((a) => a.status === 202);
    // What an ingest service's readiness says meanwhile (a load balancer's view).
    const readiness: { status: number; body: string }[] = [];
    const probing = (async () => {
      while (!stopSending.signal.aborted) {
        readiness.push(
          await fetch(`${ingest[0]}/ready`).then(
            async (r) => ({ status: r.status, body: await r.text() }),
            () => ({ status: 0, body: '' }),
          ),
        );
        await sleep(100);
      }
    })();
    try {
      await vi.waitFor(() => expect(accepted().length).toBeGreaterThanOrEqual(20), { timeout: 60_000, interval: 50 });
      const leader = (await bus.jsm.streams.info(names.events)).cluster?.leader;
      expect(leader).toBeTruthy();
      await cluster.server(leader as string).kill();
      const killedAt = answers.length;
      // Refused while the stream has no leader, then accepted again by the same processes.
      await vi.waitFor(() => expect(answers.slice(killedAt).some((a) => a.status === 503)).toBe(true), { timeout: 60_000, interval: 50 });
      const refusedAt = answers.length;
      await vi.waitFor(() => expect(answers.slice(refusedAt).filter((a) => a.status === 202).length).toBeGreaterThanOrEqual(20), {
        timeout: 90_000,
        interval: 50,
      });
    } finally {
      stopSending.abort();
      await Promise.all([sending, probing]);
    }
    // Not ready while PIPE_EVENTS had no leader, saying so; ready again after.
    expect(readiness.some((r) => r.status === 503 && r.body.includes('no leader yet'))).toBe(true);
    await vi.waitFor(async () => expect((await fetch(`${ingest[0]}/ready`)).status).toBe(200), { timeout: 60_000, interval: 200 });
    for (const refused of answers.filter((a) => a.status !== 202)) {
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toMatch(/^\d+$/);
    }
    const dead = services.filter((s) => !s.alive());
    expect(dead.map((s) => `${s.service}: ${s.output().slice(-2000)}`)).toEqual([]);

    // Every acknowledged delivery becomes a row, and every change reaches PIPE_CHANGES.
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
    const announced = announcedPerTeam(await announcedChanges(bus, names)).get('acme');
    const items = await base.testDb.db.selectFrom('items').select('id').execute();
    expect(items.filter((row) => !announced?.items.has(row.id))).toEqual([]);
    expect(announced?.inOrder).toBe(true);
  }, 300_000);
});
