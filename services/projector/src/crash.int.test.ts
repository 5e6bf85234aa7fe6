import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { PipeEvent } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved, itemRemoved } from '@pipe/events/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpoint } from '@pipe/projection';
import { projectUntilCaughtUp, readModelRows, startProjectorProcess } from './testing/index.js';

/** A few hundred events of every kind, with updates and removals among them. */
function log(): PipeEvent[] {
  const events: PipeEvent[] = [];
  for (let n = 1; n <= 120; n++) {
    const issue = githubIssueSnapshot('octo/demo', n, { body: `Issue ${n} relates to #${n + 1}, fixes #${Math.max(1, n - 1)}`, version: 1 });
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

  /** Waits until the live projector's consumer has applied and acknowledged everything. */
  async function caughtUp(): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const info = await bus.jsm.consumers.info(bus.names.events, 'projector').catch(() => null);
      if (info && info.num_pending === 0 && info.num_ack_pending === 0) return;
      await sleep(50);
    }
    throw new Error('the projector did not catch up');
  }

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
      const checkpoint = await readCheckpoint(live.db, { projection: 'projector', partition: 'all' });
      expect(checkpoint).toBeGreaterThan(0);
      expect(checkpoint).toBeLessThan(total);

      const restarted = startProjectorProcess(env());
      await caughtUp();
      restarted.child.kill('SIGTERM');
      expect((await restarted.exited).code).toBe(0);
      expect(await readCheckpoint(live.db, { projection: 'projector', partition: 'all' })).toBe(total);
      expect(await readModelRows(live.db)).toEqual(await cleanProjection());
    });
  }

  it('two processes at once: one holds the partition, the other waits, and the tables are right', async () => {
    const first = startProjectorProcess(env());
    const second = startProjectorProcess(env());
    await caughtUp();
    await sleep(300);
    const waited = [first, second].filter((p) => p.output().includes('waiting for the partition lock'));
    expect(waited).toHaveLength(1);
    for (const p of [first, second]) p.child.kill('SIGTERM');
    await Promise.all([first.exited, second.exited]);
    expect(await readModelRows(live.db)).toEqual(await cleanProjection());
  });
});
