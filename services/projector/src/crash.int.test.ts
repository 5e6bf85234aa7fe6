import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type PipeEvent, teamPartition } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved, itemRemoved } from '@pipe/events/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { partitionConsumerName } from './projector.js';
import {
  allCaughtUp,
  announcedChanges,
  announcedPerTeam,
  projectUntilCaughtUp,
  readModelRows,
  startProjectorProcess,
} from './testing/index.js';

/** A few hundred events of every kind, with updates and removals among them. */
function log(): PipeEvent[] {
  const events: PipeEvent[] = [];
  for (let n = 1; n <= 120; n++) {
    const issue = githubIssueSnapshot('octo/demo', n, {
      body: `Issue ${n} relates to #${n + 1}, fixes #${Math.max(1, n - 1)}`,
      version: 1,
    });
    events.push(itemObserved(issue), activityObserved(issue.id, 'opened', `a-${n}`));
    if (n % 3 === 0) events.push(itemObserved({ ...issue, title: `Issue ${n} (edited)`, version: 2 }));
    if (n % 10 === 0) events.push(itemRemoved(issue, 3));
  }
  return events;
}

describe('a projector process killed with SIGKILL', () => {
  let bus: TestBus;
  let live: TestDb;
  let clean: TestDb;
  beforeEach(async () => {
    [bus, live, clean] = await Promise.all([createTestBus(), createTestDb(), createTestDb()]);
    for (const event of log()) await publishEvent(bus.js, bus.names, event, { msgId: event.id });
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), live.cleanup(), clean.cleanup()]);
  });

  const env = (extra: Record<string, string> = {}) => ({
    NATS_URL: bus.url,
    DATABASE_URL: live.url,
    PIPE_NAMESPACE: bus.namespace,
    PROJECTOR_BATCH_SIZE: '20',
    ...extra,
  });

  /** Waits until the live projector's consumers have applied and acknowledged everything. */
  async function caughtUp(partitions = Array.from({ length: bus.names.partitions }, (_, p) => p)): Promise<void> {
    const consumers = partitions.map((p) => partitionConsumerName('projector', p));
    for (let i = 0; i < 400; i++) {
      if (await allCaughtUp({ bus, names: bus.names }, consumers)) return;
      await sleep(50);
    }
    throw new Error('the projector did not catch up');
  }
  /** The highest checkpoint over the partitions: the last event applied. */
  const lastApplied = async () =>
    Number(
      (
        await live.db
          .selectFrom('checkpoints')
          .select((eb) => eb.fn.max('last_seq').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );

  /** The same log projected once, without crashes, into another database. */
  async function cleanProjection() {
    await projectUntilCaughtUp({ db: clean.db, bus, names: bus.names, logger: pino({ level: 'silent' }), projection: 'clean' });
    return readModelRows(clean.db);
  }

  for (const failpoint of ['before-commit', 'after-commit'] as const) {
    it(`${failpoint}: after a restart the tables equal a clean projection of the same log`, async () => {
      const crashing = startProjectorProcess(env({ PIPE_FAILPOINTS: `${failpoint}=3` }));
      // tsx runs the projector in a child node process and reports its SIGKILL as exit code 137.
      const ended = await crashing.exited;
      expect(ended.signal === 'SIGKILL' || ended.code === 137).toBe(true);
      const total = (await bus.jsm.streams.info(bus.names.events)).state.last_seq;
      const checkpoint = await lastApplied();
      expect(checkpoint).toBeGreaterThan(0);
      expect(checkpoint).toBeLessThan(total);

      const restarted = startProjectorProcess(env());
      await caughtUp();
      restarted.child.kill('SIGTERM');
      expect((await restarted.exited).code).toBe(0);
      expect(await lastApplied()).toBe(total);
      expect(await readModelRows(live.db)).toEqual(await cleanProjection());
      // Every committed change was announced, the crashed batch's too (from the outbox), in commit order.
      const ours = (await announcedChanges(bus, bus.names)).filter(({ notice }) => notice.projection === 'projector');
      const announced = announcedPerTeam(ours).get('acme');
      const stored = await live.db.selectFrom('items').select('id').orderBy('id').execute();
      expect([...(announced?.items ?? [])].sort()).toEqual(stored.map((row) => row.id).sort());
      expect(announced?.inOrder).toBe(true);
      expect(await live.db.selectFrom('change_outbox').select('id').execute()).toEqual([]);
    });
  }

  it('two processes at once: one holds the partition, the other waits, and the tables are right', async () => {
    // Both serve the one partition this log's team lives in: only one may hold it.
    const only = { PROJECTOR_PARTITIONS: String(teamPartition('acme')) };
    const first = startProjectorProcess(env(only));
    const second = startProjectorProcess(env(only));
    await caughtUp([teamPartition('acme')]);
    // The one that started second may reach the lock only after the first caught up: wait for it.
    const waited = () => [first, second].filter((p) => p.output().includes('waiting for the partition lock'));
    await vi.waitFor(() => expect(waited()).toHaveLength(1), { timeout: 15_000, interval: 100 });
    await sleep(300);
    expect(waited()).toHaveLength(1);
    for (const p of [first, second]) p.child.kill('SIGTERM');
    await Promise.all([first.exited, second.exited]);
    expect(await readModelRows(live.db)).toEqual(await cleanProjection());
  });
});

describe('projectors sharing the partitions', () => {
  it('two processes over four partitions give the tables of a single projector', async () => {
    const [bus, shared, single] = await Promise.all([createTestBus(), createTestDb(), createTestDb()]);
    try {
      const teams = ['acme', 'beta', 'gamma', 'delta', 'omega', 'zeta'];
      expect(new Set(teams.map((t) => teamPartition(t))).size).toBeGreaterThan(2);
      for (const [i, team] of teams.entries()) {
        for (let n = 1; n <= 15; n++) {
          const event = itemObserved(githubIssueSnapshot(`${team}/repo`, n, { body: `see #${n + 1} and ACME-${i}` }), team);
          await publishEvent(bus.js, bus.names, event, { msgId: event.id });
        }
      }
      const env = { NATS_URL: bus.url, DATABASE_URL: shared.url, PIPE_NAMESPACE: bus.namespace, PIPE_PARTITIONS: '4' };
      const a = startProjectorProcess({ ...env, PROJECTOR_PARTITIONS: '0,1' });
      const b = startProjectorProcess({ ...env, PROJECTOR_PARTITIONS: '2,3' });
      const consumers = [0, 1, 2, 3].map((p) => partitionConsumerName('projector', p));
      for (let i = 0; i < 400 && !(await allCaughtUp({ bus, names: bus.names }, consumers)); i++) await sleep(50);
      for (const p of [a, b]) p.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      expect(a.output()).toContain('"partitions":[0,1]');
      expect(b.output()).toContain('"partitions":[2,3]');

      await projectUntilCaughtUp({ db: single.db, bus, names: bus.names, logger: pino({ level: 'silent' }), projection: 'single' });
      expect(await readModelRows(shared.db)).toEqual(await readModelRows(single.db));
      const checkpoints = await shared.db.selectFrom('checkpoints').select(['partition']).orderBy('partition').execute();
      expect(checkpoints.map((c) => c.partition)).toEqual([...new Set(teams.map((t) => `p${teamPartition(t)}`))].sort());
    } finally {
      await Promise.all([bus.cleanup(), shared.cleanup(), single.cleanup()]);
    }
  });
});
