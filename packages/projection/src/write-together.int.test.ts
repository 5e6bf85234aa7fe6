import { createTestDb, type TestDb } from '@pipe/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointConflictError, checkpointMove, lockCheckpoint } from './checkpoint.js';
import { type ActivityRow, activitiesInsert } from './write/insert-activities.js';
import { sourceStatsUpsert } from './write/source-stats.js';
import { writeTogether } from './write/tx.js';

const key = { projection: 'projector', partition: 'p0' };
const activity = (id: string): ActivityRow => ({
  team: 'acme',
  id,
  item_id: 'github:issue:octo/demo#7',
  verb: 'opened',
  actor_handle: 'octocat',
  actor_external_id: '583231',
  actor_platform: 'github',
  summary: 'opened #7',
  occurred_at: '2026-11-01T10:00:00.000Z',
  event_id: `e-${id}`,
});
const stats = {
  team: 'acme',
  platform: 'github',
  last_event_seq: 9,
  last_received_at: '2026-11-01T10:00:00.000Z',
  last_occurred_at: '2026-11-01T10:00:00.000Z',
  events: 3,
};

describe('writes run together in one statement', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await t.db.transaction().execute(async (tx) => {
      await lockCheckpoint(tx, key);
      await sql`update checkpoints set last_seq = 5 where projection = 'projector' and partition = 'p0'`.execute(tx);
    });
  });
  afterAll(() => t.cleanup());

  const checkpoint = async () =>
    (await t.db.selectFrom('checkpoints').select('last_seq').where('partition', '=', 'p0').executeTakeFirstOrThrow()).last_seq;

  it('writes every part and moves the checkpoint when it is where the batch found it', async () => {
    await t.db.transaction().execute(async (tx) => {
      const move = checkpointMove(key, 5, 9);
      const { lastWriteRows } = await writeTogether(tx, [
        activitiesInsert([activity('a1')]),
        null,
        sourceStatsUpsert([stats]),
        move.statement,
      ]);
      move.check(lastWriteRows);
    });
    expect(await checkpoint()).toBe(9);
    expect(await t.db.selectFrom('activities').select('id').execute()).toEqual([{ id: 'a1' }]);
    expect(await t.db.selectFrom('source_stats').select(['platform', 'events']).execute()).toEqual([{ platform: 'github', events: 3 }]);
  });

  it('commits nothing when the checkpoint moved away under the batch', async () => {
    const batch = t.db.transaction().execute(async (tx) => {
      const move = checkpointMove(key, 5, 12); // the checkpoint is at 9 by now
      const { lastWriteRows } = await writeTogether(tx, [activitiesInsert([activity('a2')]), sourceStatsUpsert([stats]), move.statement]);
      move.check(lastWriteRows);
    });
    await expect(batch).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await checkpoint()).toBe(9);
    expect(await t.db.selectFrom('activities').select('id').execute()).toEqual([{ id: 'a1' }]);
    expect(await t.db.selectFrom('source_stats').select('events').execute()).toEqual([{ events: 3 }]);
  });
});
