import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type PipeEvent, teamPartition } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { readCheckpoint } from '@pipe/projection';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runProjector } from './projector.js';

describe('a projector whose checkpoint goes back while it runs', () => {
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
  const itemIds = async () => (await t.db.selectFrom('items').select('id').orderBy('id').execute()).map((row) => row.id);

  it('reads the log again from the checkpoint, so batches whose commits were lost are applied again', async () => {
    const warnings: string[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (_: object, msg?: string) => void warnings.push(msg ?? '') };
    const stop = new AbortController();
    const running = runProjector({ db: t.db, bus, names: bus.names, logger }, stop.signal);
    try {
      await given(issue(1), issue(2), issue(3));
      await vi.waitFor(async () => expect(await itemIds()).toHaveLength(3), { timeout: 15_000, interval: 25 });
      // What a failover to a standby that had only received the first commit does (or a restore
      // from a backup taken after it): the rows of events 2 and 3 and the checkpoint's moves are gone.
      const key = { projection: 'projector', partition: `p${teamPartition('acme')}` };
      await t.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('items').where('id', 'in', ['github:issue:octo/demo#2', 'github:issue:octo/demo#3']).execute();
        await tx.updateTable('checkpoints').set({ last_seq: 1 }).where('partition', '=', key.partition).execute();
      });
      await given(issue(4));
      await vi.waitFor(async () => expect(await readCheckpoint(t.db, key)).toBe(4), { timeout: 15_000, interval: 25 });
      expect(await itemIds()).toEqual([
        'github:issue:octo/demo#1',
        'github:issue:octo/demo#2',
        'github:issue:octo/demo#3',
        'github:issue:octo/demo#4',
      ]);
      expect(warnings).toContain('the checkpoint went back: committed batches were lost; reading the log again from the checkpoint');
    } finally {
      stop.abort();
      await running;
    }
  });
});
