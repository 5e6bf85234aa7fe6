import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, connectBus, provisionStreams, publishEvent, streamNames } from '@pipe/bus';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { PipeEvent } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { type NatsServerProcess, startNatsServer, testNamespace } from '@pipe/test-infra';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Failpoints } from './failpoints.js';
import { runProjector } from './projector.js';
import { announcedChanges, announcedPerTeam } from './testing/index.js';

/** Two teams' issues, interleaved, each issue seen twice (the second snapshot newer). */
function log(): PipeEvent[] {
  const events: PipeEvent[] = [];
  for (let n = 1; n <= 30; n++) {
    for (const team of ['acme', 'beta']) {
      const issue = githubIssueSnapshot(`${team}/repo`, n, { version: 1 });
      events.push(itemObserved(issue, team), itemObserved({ ...issue, title: `${issue.title} (edited)`, version: 2 }, team));
    }
  }
  return events;
}

describe('change notices go through the outbox', () => {
  let nats: NatsServerProcess & { cleanup(): Promise<void> };
  let bus: Bus;
  let t: TestDb;
  const names = streamNames(testNamespace(), 1);
  beforeEach(async () => {
    [nats, t] = await Promise.all([startNatsServer(), createTestDb()]);
    bus = await connectBus({ url: nats.url, name: 'outbox-test' });
    await provisionStreams(bus.jsm, names);
    for (const event of log()) await publishEvent(bus.js, names, event, { msgId: event.id });
  });
  afterEach(async () => {
    await bus.nc.close().catch(() => undefined);
    await Promise.all([nats.cleanup(), t.cleanup()]);
  });

  it('NATS killed right after a batch commits: every change is announced once NATS is back, in commit order', async () => {
    let commits = 0;
    // The second commit takes NATS down before its notices can leave: announced only after recovery.
    const failpoints: Failpoints = {
      hit(name) {
        if (name === 'after-commit' && ++commits === 2) void nats.kill();
      },
    };
    const stop = new AbortController();
    const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
    const running = runProjector({ db: t.db, bus, names, logger, maxBatch: 7, failpoints }, stop.signal);
    try {
      await vi.waitFor(() => expect(nats.running()).toBe(false), { timeout: 20_000, interval: 50 });
      // Batches go on committing from what was delivered; their notices wait in the outbox.
      await sleep(500);
      await nats.start();
      const total = log().length;
      await vi.waitFor(
        async () => {
          const checkpoint = await t.db.selectFrom('checkpoints').select('last_seq').executeTakeFirst();
          expect(checkpoint?.last_seq).toBe(total);
          expect(await t.db.selectFrom('change_outbox').select('id').execute()).toEqual([]);
        },
        { timeout: 60_000, interval: 200 },
      );
    } finally {
      stop.abort();
      await running;
    }
    const perTeam = announcedPerTeam(await announcedChanges(bus, names));
    const stored = await t.db.selectFrom('items').select(['team', 'id']).execute();
    for (const team of ['acme', 'beta']) {
      expect(perTeam.get(team)?.inOrder).toBe(true);
      expect([...(perTeam.get(team)?.items ?? [])].sort()).toEqual(
        stored
          .filter((row) => row.team === team)
          .map((row) => row.id)
          .sort(),
      );
    }
  });
});
