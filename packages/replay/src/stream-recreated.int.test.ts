import { provisionStreams, publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type PipeEvent, teamPartition } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { readCheckpoint } from '@pipe/projection';
import { PartitionStatus, runProjector } from '@pipe/projector';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { replay } from './replay.js';

/**
 * Issue 16, item 6: a checkpoint records which `PIPE_EVENTS` it counts in. Against a recreated
 * stream (a new cluster, a re-provisioned or restored stream) whose sequences name other events,
 * the projector stops that partition loudly and skips nothing; `pipe replay` rebuilds the read
 * models from the stream as it is, and the partition resumes on its own.
 */
describe('a projector whose PIPE_EVENTS was recreated', () => {
  let bus: TestBus;
  let t: TestDb;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  const given = async (...events: PipeEvent[]) => {
    for (const event of events) await publishEvent(bus.js, bus.names, event, { msgId: event.id });
  };
  const issue = (n: number) => itemObserved(githubIssueSnapshot('octo/demo', n));
  const key = { projection: 'projector', partition: `p${teamPartition('acme')}` };
  const itemIds = async () =>
    (await t.db.selectFrom('items').select('id').where('kind', '=', 'issue').orderBy('id').execute()).map((row) => row.id);

  function startProjector(status: PartitionStatus, errors: string[]) {
    const stop = new AbortController();
    const logger = { info: () => undefined, warn: () => undefined, error: (fields: object) => void errors.push(JSON.stringify(fields)) };
    const running = runProjector({ db: t.db, bus, names: bus.names, logger, status, streamCheckMs: 100 }, stop.signal);
    return async () => {
      stop.abort();
      await running;
    };
  }

  it('stops the partition with what to do instead of skipping, and resumes after pipe replay', async () => {
    let status = new PartitionStatus();
    let stopProjector = startProjector(status, []);
    await given(issue(1), issue(2), issue(3));
    await vi.waitFor(async () => expect(await readCheckpoint(t.db, key)).toBe(3), { timeout: 15_000, interval: 25 });
    const recorded = await t.db
      .selectFrom('checkpoints')
      .select('stream_created')
      .where('partition', '=', key.partition)
      .executeTakeFirst();
    expect(recorded?.stream_created).toBe((await bus.jsm.streams.info(bus.names.events)).created);
    await stopProjector();

    // The stream is made again: its sequences 1-5 are other events than the ones the checkpoint counted.
    await bus.jsm.streams.delete(bus.names.events);
    await provisionStreams(bus.jsm, bus.names);
    await given(issue(11), issue(12), issue(13), issue(14), issue(15));

    status = new PartitionStatus();
    const errors: string[] = [];
    stopProjector = startProjector(status, errors);
    try {
      await vi.waitFor(() => expect(status.notReadyReason()).toContain('stopped'), { timeout: 15_000, interval: 25 });
      expect(status.notReadyReason()).toMatch(/belongs to .*PIPE_EVENTS created .* but .*PIPE_EVENTS now was created .*run `pipe replay`/);
      expect(errors.join('\n')).toContain('pipe replay');
      // Nothing skipped, nothing applied: the old rows and checkpoint are as they were.
      expect(await itemIds()).toEqual(['github:issue:octo/demo#1', 'github:issue:octo/demo#2', 'github:issue:octo/demo#3']);
      expect(await readCheckpoint(t.db, key)).toBe(3);

      // The operator rebuilds from the stream as it is now; the partition resumes by itself.
      const report = await replay({ databaseUrl: t.url, bus, names: bus.names, mode: 'swap' });
      expect(report.swapped).toBe(true);
      await vi.waitFor(() => expect(status.notReadyReason()).toBeNull(), { timeout: 15_000, interval: 25 });
      await given(issue(16));
      await vi.waitFor(async () => expect(await readCheckpoint(t.db, key)).toBe(6), { timeout: 15_000, interval: 25 });
      expect(await itemIds()).toEqual([11, 12, 13, 14, 15, 16].map((n) => `github:issue:octo/demo#${n}`));
    } finally {
      await stopProjector();
    }
  });

  it('stops a running partition when the stream is recreated under it', async () => {
    const status = new PartitionStatus();
    const stopProjector = startProjector(status, []);
    try {
      await given(issue(1));
      await vi.waitFor(async () => expect(await readCheckpoint(t.db, key)).toBe(1), { timeout: 15_000, interval: 25 });
      await bus.jsm.streams.delete(bus.names.events);
      await provisionStreams(bus.jsm, bus.names);
      await given(issue(21), issue(22));
      await vi.waitFor(() => expect(status.notReadyReason()).toContain('stopped'), { timeout: 15_000, interval: 25 });
      expect(await itemIds()).toEqual(['github:issue:octo/demo#1']);
      expect(await readCheckpoint(t.db, key)).toBe(1);
    } finally {
      await stopProjector();
    }
  });
});
