import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { ChangeNotice, type PipeEvent, teamPartition } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved, itemRemoved } from '@pipe/events/testing';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpoint } from '@pipe/projection';
import type { ProjectorDeps } from './projector.js';
import { projectUntilCaughtUp } from './testing/index.js';

describe('the projector', () => {
  let bus: TestBus;
  let t: TestDb;
  let deps: ProjectorDeps;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
    deps = { db: t.db, bus, names: bus.names, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }), retryDelayMs: () => 5 };
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  /** Given these events in the log (each published once, with its own id as Nats-Msg-Id). */
  async function given(...events: PipeEvent[]) {
    for (const event of events) await publishEvent(bus.js, bus.names, event, { msgId: event.id });
  }
  const items = () => t.db.selectFrom('items').selectAll().orderBy('id').execute();
  const textEdges = () =>
    t.db
      .selectFrom('edges')
      .select(['from_id', 'to_ref', 'type', 'origin', 'rule', 'snippet'])
      .where('origin', '=', 'text')
      .orderBy(['from_id', 'to_ref'])
      .execute();
  const edges = () => t.db.selectFrom('edges').selectAll().orderBy(['from_id', 'to_ref', 'type']).execute();

  it('projects an issue with the edges its text names', async () => {
    await given(itemObserved(githubIssueSnapshot('octo/demo', 7, { title: 'Login fails', body: 'This fixes #3 and relates to #4.' })));
    await projectUntilCaughtUp(deps);
    const [item] = await items();
    expect(item).toMatchObject({
      team: 'acme',
      id: 'github:issue:octo/demo#7',
      ref: 'github:octo/demo#7',
      title: 'Login fails',
      version: 1,
      event_seq: 1,
    });
    expect(await textEdges()).toEqual([
      {
        from_id: 'github:issue:octo/demo#7',
        to_ref: 'github:octo/demo#3',
        type: 'CLOSES',
        origin: 'text',
        rule: 'github-closing-keyword',
        snippet: 'fixes #3',
      },
      {
        from_id: 'github:issue:octo/demo#7',
        to_ref: 'github:octo/demo#4',
        type: 'REFERENCES',
        origin: 'text',
        rule: 'github-number',
        snippet: expect.stringContaining('#4'),
      },
    ]);
    expect(await readCheckpoint(t.db, { projection: 'projector', partition: `p${teamPartition('acme')}` })).toBe(1);
  });

  it('gives the same rows when the same events arrive twice', async () => {
    const events = [
      itemObserved(githubIssueSnapshot('octo/demo', 1, { body: 'see #2', version: 10 })),
      itemObserved(githubIssueSnapshot('octo/demo', 2, { version: 10 })),
      activityObserved('github:issue:octo/demo#1', 'opened', 'github:d1:0'),
    ];
    await given(...events);
    await projectUntilCaughtUp(deps);
    const once = { items: await items(), edges: await edges(), activities: await t.db.selectFrom('activities').selectAll().execute() };
    // The same events again, as new log entries (a redelivery from outside the duplicate window).
    for (const event of events) await publishEvent(bus.js, bus.names, event, { msgId: `${event.id}-again` });
    await projectUntilCaughtUp(deps);
    expect(await items()).toEqual(once.items);
    expect(await edges()).toEqual(once.edges);
    expect(await t.db.selectFrom('activities').selectAll().execute()).toEqual(once.activities);
  });

  it('keeps the newer version when an older snapshot arrives after it', async () => {
    await given(
      itemObserved(githubIssueSnapshot('octo/demo', 5, { title: 'New title', body: 'fixes #9', version: 2000 })),
      itemObserved(githubIssueSnapshot('octo/demo', 5, { title: 'Old title', body: 'fixes #8', version: 1000 })),
    );
    await projectUntilCaughtUp(deps);
    const [item] = await items();
    expect(item?.title).toBe('New title');
    expect((await textEdges()).map((e) => e.to_ref)).toEqual(['github:octo/demo#9']);
  });

  it('tombstones a removed item, takes it out of search, and a late older snapshot does not revive it', async () => {
    const snapshot = githubIssueSnapshot('octo/demo', 6, { body: 'unique zebra words', version: 100 });
    await given(itemObserved(snapshot), itemRemoved(snapshot, 200), itemObserved({ ...snapshot, version: 150 }));
    await projectUntilCaughtUp(deps);
    const [item] = await items();
    expect(item).toMatchObject({ body: '', state: 'removed', version: 200 });
    expect(item?.removed_at).toBeInstanceOf(Date);
    const found = await t.db.selectFrom('items').select('id').where(sql<boolean>`search @@ to_tsquery(${'zebra'})`).execute();
    expect(found).toEqual([]);
  });

  it('dead-letters an event Postgres cannot store and applies the ones after it', async () => {
    // Postgres text cannot hold NUL characters: this event can never be applied.
    const poison = itemObserved(githubIssueSnapshot('octo/demo', 1, { body: 'bad \u0000 byte' }));
    const fine = itemObserved(githubIssueSnapshot('octo/demo', 2));
    await given(poison, fine);
    await projectUntilCaughtUp({ ...deps, maxAttempts: 3 });
    expect((await items()).map((i) => i.id)).toEqual(['github:issue:octo/demo#2']);
    const dlq = await bus.jsm.streams.info(bus.names.dlq);
    expect(dlq.state.messages).toBe(1);
    const dead = await bus.jsm.streams.getMessage(bus.names.dlq, { seq: 1 });
    expect(dead?.header.get('Pipe-Dlq-Error')).toMatch(/failed 3 times/);
    expect(dead?.json<PipeEvent>().id).toBe(poison.id);
  });

  it('announces what each committed batch changed on PIPE_CHANGES', async () => {
    await given(itemObserved(githubIssueSnapshot('octo/demo', 1)), itemObserved(githubIssueSnapshot('octo/demo', 2), 'other-team'));
    await projectUntilCaughtUp(deps);
    const info = await bus.jsm.streams.info(bus.names.changes);
    const notices = [];
    for (let seq = 1; seq <= info.state.messages; seq++) {
      const msg = await bus.jsm.streams.getMessage(bus.names.changes, { seq });
      notices.push({ subject: msg?.subject, notice: ChangeNotice.parse(msg?.json()) });
    }
    expect(notices.map((n) => [n.subject, n.notice.team, n.notice.changes.map((c) => c.itemId)]).sort()).toEqual([
      [`${bus.namespace}.pipe.changes.acme`, 'acme', ['github:issue:octo/demo#1']],
      [`${bus.namespace}.pipe.changes.other-team`, 'other-team', ['github:issue:octo/demo#2']],
    ]);
  });

  it('skips events at or below its checkpoint (a redelivery after commit, before ack)', async () => {
    await given(itemObserved(githubIssueSnapshot('octo/demo', 1, { title: 'first' })));
    await projectUntilCaughtUp(deps);
    // Pretend the rows were applied but the checkpoint says more: nothing at or below it is re-applied.
    await t.db.updateTable('items').set({ title: 'changed by hand' }).execute();
    await t.db.updateTable('checkpoints').set({ last_seq: 2 }).execute();
    await given(itemObserved(githubIssueSnapshot('octo/demo', 1, { title: 'second', version: 5 })));
    await projectUntilCaughtUp(deps);
    expect((await items())[0]?.title).toBe('changed by hand');
  });
});
