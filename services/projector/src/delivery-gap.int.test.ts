import { connectBus, publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { teamPartition } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { readCheckpoint } from '@pipe/projection';
import { startTcpProxy, type TcpProxy } from '@pipe/test-infra';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { partitionConsumerName, runProjector } from './projector.js';

describe('a projector whose connection drops with deliveries on the wire', () => {
  let bus: TestBus;
  let t: TestDb;
  let proxy: TcpProxy;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
    proxy = await startTcpProxy(Number(new URL(bus.url).port || 4222));
  });
  afterEach(async () => {
    await proxy.close();
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  it('applies every event in stream order with no holes: a lost delivery makes it read again from the checkpoint', async () => {
    const total = 150;
    const partition = teamPartition('acme');
    // The projector's own connection goes through the proxy, which can lose what the server sends.
    const projectorBus = await connectBus({ url: `nats://127.0.0.1:${proxy.port}`, name: 'gap-test' });
    const warnings: string[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (_: object, msg?: string) => void warnings.push(msg ?? '') };
    const stop = new AbortController();
    const running = runProjector({ db: t.db, bus: projectorBus, names: bus.names, logger, maxBatch: 5 }, stop.signal);
    const key = { projection: 'projector', partition: `p${partition}` };
    try {
      // Once the partition's consumer waits for messages, the connection starts losing what the
      // server sends and is dropped as soon as a JetStream delivery (reply subject $JS.ACK…) was lost.
      await vi.waitFor(
        async () => {
          const info = await bus.jsm.consumers.info(bus.names.events, partitionConsumerName('projector', partition));
          expect(info.num_waiting).toBeGreaterThan(0);
        },
        { timeout: 15_000, interval: 25 },
      );
      const dropped = proxy.drop({ lostText: '$JS.ACK' });
      for (let n = 1; n <= total; n++) {
        const event = itemObserved(githubIssueSnapshot('octo/demo', n));
        await publishEvent(bus.js, bus.names, event, { msgId: event.id });
      }
      expect(await dropped).toBe(true);
      await vi.waitFor(async () => expect(await readCheckpoint(t.db, key)).toBe(total), { timeout: 30_000, interval: 50 });
    } finally {
      stop.abort();
      await running;
      await projectorBus.nc.close();
    }
    expect(warnings).toContain(
      'a delivery went missing (a dropped connection, a failover); reading the log again from the checkpoint so nothing is skipped',
    );
    const stored = await t.db.selectFrom('items').select('id').execute();
    expect(stored.map((row) => row.id).sort()).toEqual(Array.from({ length: total }, (_, i) => `github:issue:octo/demo#${i + 1}`).sort());
  });
});
