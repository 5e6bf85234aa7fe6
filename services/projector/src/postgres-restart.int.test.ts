import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { type Database, createDb, migrateToLatest } from '@pipe/db';
import { type PipeEvent, teamPartition } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { readCheckpoint } from '@pipe/projection';
import { type PostgresCluster, startPostgresCluster } from '@pipe/test-infra';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PartitionStatus } from './partition-status.js';
import { runProjector } from './projector.js';

/**
 * Issue 16, item 1: the projector rides out a Postgres restart (a cluster of the test's own,
 * stopped with `-m immediate`) by itself, and never applies a batch without its partition lock —
 * the advisory lock dies with the session, so after the restart another holder may have it.
 */
describe('a projector whose Postgres restarts', () => {
  let cluster: PostgresCluster;
  let bus: TestBus;
  let db: Kysely<Database>;
  let url = '';
  beforeAll(async () => {
    [cluster, bus] = await Promise.all([startPostgresCluster(), createTestBus()]);
    url = await cluster.createDatabase('projector');
    db = createDb({ url, poolSize: 2 });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await Promise.all([cluster?.destroy(), bus?.cleanup()]);
  });

  const given = async (...events: PipeEvent[]) => {
    for (const event of events) await publishEvent(bus.js, bus.names, event, { msgId: event.id });
  };
  const issue = (n: number) => itemObserved(githubIssueSnapshot('octo/demo', n));
  const partition = teamPartition('acme');
  const key = { projection: 'projector', partition: `p${partition}` };
  const itemCount = async () =>
    Number((await db.selectFrom('items').select(db.fn.countAll().as('n')).where('kind', '=', 'issue').executeTakeFirst())?.n);

  it('reconnects, reports not ready meanwhile, waits for its lock, and resumes from its checkpoint', async () => {
    const projectorDb = createDb({ url, poolSize: 6 });
    const status = new PartitionStatus();
    const logged: string[] = [];
    const logger = {
      info: (_: object, msg?: string) => void logged.push(msg ?? ''),
      warn: (_: object, msg?: string) => void logged.push(msg ?? ''),
      error: () => undefined,
    };
    const stop = new AbortController();
    let competitorLocked = false;
    const running = runProjector(
      {
        db: projectorDb,
        bus,
        names: bus.names,
        logger,
        partitions: [partition],
        status,
        sessionCheckMs: 200,
        // Slow while the competitor below has not taken the lock yet, so that it wins the race for it.
        reconnectDelayMs: () => (competitorLocked ? 100 : 2000),
      },
      stop.signal,
    );
    const competitor = createDb({ url, poolSize: 1 });
    let releaseLock: () => void = () => undefined;
    let competing: Promise<void> | undefined;
    try {
      await given(issue(1), issue(2));
      await vi.waitFor(async () => expect(await itemCount()).toBe(2), { timeout: 15_000, interval: 50 });
      expect(status.notReadyReason()).toBeNull();

      await cluster.stop('immediate');
      // The idle partition finds its session gone by itself (no event needs to arrive) and says so.
      await vi.waitFor(() => expect(status.notReadyReason()).toMatch(/^partition p\d+: reconnecting to Postgres/), {
        timeout: 15_000,
        interval: 50,
      });
      await given(issue(3));
      await cluster.start();

      // Another holder takes the partition's lock first: the session that held it is gone, and so is the lock.
      const lockName = `pipe-projector:${bus.names.events}:projector:p${partition}`;
      const released = new Promise<void>((resolve) => (releaseLock = resolve));
      let locked: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      competing = competitor.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(hashtextextended(${lockName}, 0))`.execute(conn);
        competitorLocked = true;
        locked();
        await released;
        await sql`select pg_advisory_unlock(hashtextextended(${lockName}, 0))`.execute(conn);
      });
      await holding;
      await vi.waitFor(() => expect(logged).toContain('another projector holds this partition; waiting for the partition lock'), {
        timeout: 15_000,
        interval: 50,
      });
      await given(issue(4));
      // Connected again, it is a standby now: nothing to report.
      expect(status.notReadyReason()).toBeNull();
      // Nothing is applied without the lock (a projector applying on any pooled connection would have by now).
      await sleep(1500);
      expect(await itemCount()).toBe(2);
      expect(await readCheckpoint(db, key)).toBe(2);

      releaseLock();
      await competing;
      await vi.waitFor(async () => expect(await itemCount()).toBe(4), { timeout: 15_000, interval: 50 });
      expect(await readCheckpoint(db, key)).toBe(4);
      expect(status.notReadyReason()).toBeNull();
      expect(logged).toContain('lost Postgres; taking the partition lock again, then resuming from the checkpoint');
    } finally {
      stop.abort();
      await running;
      releaseLock();
      await competing?.catch(() => undefined);
      await competitor.destroy();
      await projectorDb.destroy();
    }
  }, 90_000);
});
