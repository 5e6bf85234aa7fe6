import type { Delivery } from '@pipe/bus';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { PipeEvent } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from './apply-batch.js';
import { CheckpointRegressedError, readCheckpoint } from './checkpoint.js';

const key = { projection: 'projector', partition: 'p0' };
const delivery = (seq: number, number: number): Delivery<PipeEvent> => ({
  value: itemObserved(githubIssueSnapshot('octo/demo', number)),
  seq,
  subject: '',
  deliveryCount: 1,
  headers: {},
});

describe('a batch and its checkpoint', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  const itemIds = async () => (await t.db.selectFrom('items').select('id').orderBy('id').execute()).map((row) => row.id);

  it('reports the checkpoint it committed', async () => {
    const applied = await applyBatch(t.db, key, [delivery(1, 1), delivery(2, 2)], { committedBefore: 0 });
    expect(applied.checkpoint).toBe(2);
    expect(await readCheckpoint(t.db, key)).toBe(2);
  });

  it('refuses to write when the checkpoint is behind what its writer committed, and writes nothing', async () => {
    // As if the commit of seq 2 was lost (a failover to a standby that never received it): its row and checkpoint move with it.
    await t.db.deleteFrom('items').where('id', '=', 'github:issue:octo/demo#2').execute();
    await t.db.updateTable('checkpoints').set({ last_seq: 1 }).execute();
    const refused = applyBatch(t.db, key, [delivery(3, 3)], { committedBefore: 2 });
    await expect(refused).rejects.toBeInstanceOf(CheckpointRegressedError);
    await expect(refused).rejects.toMatchObject({ code: 'CHECKPOINT_REGRESSED', found: 1, expected: 2 });
    expect(await itemIds()).toEqual(['github:issue:octo/demo#1']);
    expect(await readCheckpoint(t.db, key)).toBe(1);
  });

  it('applies from where the checkpoint is once the writer starts from it', async () => {
    const applied = await applyBatch(t.db, key, [delivery(2, 2), delivery(3, 3)], { committedBefore: 1 });
    expect(applied.checkpoint).toBe(3);
    expect(await itemIds()).toEqual(['github:issue:octo/demo#1', 'github:issue:octo/demo#2', 'github:issue:octo/demo#3']);
  });
});
