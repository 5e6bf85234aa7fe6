import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type PipeEvent, createEvent, teamPartition } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved, itemRemoved, testOrigin } from '@pipe/events/testing';
import { runProjector } from '@pipe/projector';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readModelChecksums } from './checksums.js';
import { READ_MODEL_TABLES, listReplaySchemas } from './read-model-schema.js';
import { ReplayInterruptedError, replay } from './replay.js';

const logger = pino({ level: 'silent' });

// Two teams in different partitions of the log, so rebuilds cross partitions.
const TEAMS = ['acme', ['beta', 'gamma', 'delta', 'omega'].find((t) => teamPartition(t) !== teamPartition('acme')) as string];

/** Creates, updates, deletes, out-of-order versions, redeliveries and cross-platform references. */
function mixedHistory(n: number, from = 1): PipeEvent[] {
  const events: PipeEvent[] = [];
  for (let i = from; i < from + n; i++) {
    const team = TEAMS[i % 2] as string;
    const issue = githubIssueSnapshot('octo/demo', i, {
      body: `Issue ${i}: see #${i + 1}, relates to ACME-${i % 7}. cc @dev${i % 5}`,
      version: 10,
    });
    events.push(itemObserved({ ...issue, version: 20, title: `Issue ${i} v2` }, team), itemObserved(issue, team)); // newer first
    events.push(activityObserved(issue.id, 'opened', `act-${i}`, team), activityObserved(issue.id, 'opened', `act-${i}`, team)); // redelivered
    if (i % 4 === 0) events.push(itemRemoved(issue, 30, team));
    if (i % 5 === 0) {
      events.push(
        itemObserved(
          {
            ...issue,
            id: `slack:message:T1/C1/${1700000000 + i}.000100`,
            platform: 'slack',
            kind: 'message',
            title: '',
            body: `deploying the fix for https://github.com/octo/demo/issues/${i}`,
            container: 'T1/C1',
            author: null,
            version: 1,
          },
          team,
        ),
        createEvent(testOrigin(team, 'jira'), {
          type: 'link.observed',
          data: { from: `jira:issue:ACME-${i}`, to: `jira:issue:ACME-${i + 1}`, edge: 'BLOCKS', removed: false },
        }),
      );
    }
  }
  return events;
}

describe('pipe replay', () => {
  let bus: TestBus;
  let live: TestDb;
  beforeEach(async () => {
    [bus, live] = await Promise.all([createTestBus(), createTestDb()]);
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), live.cleanup()]);
  });

  const publish = async (events: PipeEvent[]) => {
    for (const e of events) await publishEvent(bus.js, bus.names, e, { msgId: e.id });
  };
  const projectLive = () => projectUntilCaughtUp({ db: live.db, bus, names: bus.names, logger });
  const options = { databaseUrl: '', bus: undefined as never, names: undefined as never };
  const base = () => ({ ...options, databaseUrl: live.url, bus, names: bus.names, batchSize: 37 });

  it('--verify: a rebuild of a mixed history equals the live model row for row', async () => {
    await publish(mixedHistory(40));
    await projectLive();
    const report = await replay({ ...base(), mode: 'verify' });
    expect(report.identical).toBe(true);
    expect(report.checksums?.find((c) => c.table === 'checkpoints')?.live.rows).toBe(2);
    expect(report.checksums?.map((c) => c.live.checksum)).toEqual(report.checksums?.map((c) => c.rebuilt.checksum));
    expect(report.checksums?.find((c) => c.table === 'items')?.live.rows).toBeGreaterThan(40);
    expect(await listReplaySchemas(live.db)).toEqual([]);
  });

  it('--verify: reports a tampered live row and says which', async () => {
    await publish(mixedHistory(10));
    await projectLive();
    await live.db.updateTable('items').set({ title: 'tampered' }).where('id', '=', 'github:issue:octo/demo#3').execute();
    const report = await replay({ ...base(), mode: 'verify' });
    expect(report.identical).toBe(false);
    expect(report.checksums?.filter((c) => c.live.checksum !== c.rebuilt.checksum).map((c) => c.table)).toEqual(['items']);
    expect(report.differences).toContainEqual(
      expect.objectContaining({ table: 'items', side: 'live', row: expect.objectContaining({ title: 'tampered' }) }),
    );
    expect(report.differences).toContainEqual(
      expect.objectContaining({ table: 'items', side: 'rebuilt', row: expect.objectContaining({ title: 'Issue 3 v2' }) }),
    );
  });

  it('rebuilds during live ingest and swaps without losing an event', async () => {
    await publish(mixedHistory(60));
    const stop = new AbortController();
    const projector = runProjector({ db: live.db, bus, names: bus.names, logger, maxBatch: 20 }, stop.signal);
    let publishing = true;
    const producer = (async () => {
      for (let round = 0; publishing; round++) {
        await publish(mixedHistory(3, 1000 + round * 3));
        await sleep(5);
      }
    })();
    const report = await replay({ ...base(), mode: 'swap', batchSize: 50 });
    publishing = false;
    await producer;
    expect(report.swapped).toBe(true);
    expect(report.oldSchema).toMatch(/^pipe_old_/);
    // Let the live projector (now writing the swapped-in model) finish the tail.
    const total = (await bus.jsm.streams.info(bus.names.events)).state.last_seq;
    for (let i = 0; i < 200; i++) {
      const cp = await live.db
        .selectFrom('checkpoints')
        .select((eb) => eb.fn.max('last_seq').as('m'))
        .executeTakeFirst();
      if (Number(cp?.m) === total) break;
      await sleep(50);
    }
    stop.abort();
    await projector;
    const check = await replay({ ...base(), mode: 'verify' });
    expect(check.identical).toBe(true);
    expect(check.liveCheckpoint).toBe(total);
    expect(await listReplaySchemas(live.db)).toEqual([report.oldSchema]);
  });

  it('an interrupted rebuild leaves the live model untouched and its schema named', async () => {
    await publish(mixedHistory(40));
    await projectLive();
    const before = await readModelChecksums(live.db, 'public');
    const abort = new AbortController();
    const attempt = replay({
      ...base(),
      mode: 'swap',
      batchSize: 5,
      signal: abort.signal,
      onProgress: (p) => p.events > 20 && abort.abort(),
    });
    await expect(attempt).rejects.toThrow(ReplayInterruptedError);
    await expect(attempt).rejects.toThrow(/pipe replay --drop pipe_rebuild_/);
    expect(await readModelChecksums(live.db, 'public')).toEqual(before);
    expect(await listReplaySchemas(live.db)).toEqual([expect.stringMatching(/^pipe_rebuild_/)]);
  });

  it('an "as of" rebuild holds exactly the events up to the cut, and is deterministic', async () => {
    const history = mixedHistory(30);
    await publish(history);
    const cut = 25;
    const first = await replay({ ...base(), mode: 'as-of', toSeq: cut });
    const second = await replay({ ...base(), mode: 'as-of', toSeq: cut });
    expect(first.lastSeq).toBe(cut);
    const a = await readModelChecksums(live.db, first.schema);
    const b = await readModelChecksums(live.db, second.schema);
    expect(a).toEqual(b);

    // The same first 25 events projected on their own give the same tables.
    const [ownBus, ownDb] = await Promise.all([createTestBus(), createTestDb()]);
    try {
      for (const e of history.slice(0, cut)) await publishEvent(ownBus.js, ownBus.names, e, { msgId: e.id });
      await projectUntilCaughtUp({ db: ownDb.db, bus: ownBus, names: ownBus.names, logger });
      const own = await readModelChecksums(ownDb.db, 'public');
      expect(a).toEqual(own);
    } finally {
      await Promise.all([ownBus.cleanup(), ownDb.cleanup()]);
    }
    const cutRow = await sql<{ n: string }>`select max(event_seq)::text as n from ${sql.table(`${first.schema}.items`)}`.execute(live.db);
    expect(Number(cutRow.rows[0]?.n)).toBeLessThanOrEqual(cut);
  });

  it("--team rebuilds one team: its rows are replaced, the other team's are untouched", async () => {
    await publish(mixedHistory(20));
    await projectLive();
    const [acme, other] = TEAMS as [string, string];
    await live.db.updateTable('items').set({ title: 'stale' }).where('team', '=', acme).execute();
    await live.db.updateTable('items').set({ title: 'hand-edited' }).where('team', '=', other).execute();
    const check = await replay({ ...base(), mode: 'verify', team: acme });
    expect(check.identical).toBe(false);

    const report = await replay({ ...base(), mode: 'swap', team: acme });
    expect(report.swapped).toBe(true);
    const titles = await live.db.selectFrom('items').select(['team', 'title']).execute();
    expect(titles.filter((t) => t.team === acme && t.title === 'stale')).toEqual([]);
    expect(titles.filter((t) => t.team === other).every((t) => t.title === 'hand-edited')).toBe(true);
    expect((await replay({ ...base(), mode: 'verify', team: acme })).identical).toBe(true);
    expect(await listReplaySchemas(live.db)).toEqual([]);
  });

  it('reports progress through reading, loading and indexing, and the seconds of each phase', async () => {
    const history = mixedHistory(7);
    await publish(history);
    const seen: { phase: string; events: number; total: number }[] = [];
    const report = await replay({
      ...base(),
      mode: 'as-of',
      batchSize: 4,
      onProgress: ({ phase, events, total }) => seen.push({ phase, events, total }),
    });
    const phases = seen.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual(['rebuild', 'load', 'indexes']);
    const lastLoad = seen.filter((p) => p.phase === 'load').at(-1);
    expect(lastLoad).toEqual({ phase: 'load', events: history.length, total: history.length });
    expect(Object.keys(report.phaseSeconds).sort()).toEqual(['indexes', 'load', 'people', 'read']);
  });

  it("a rebuilt model has the live one's columns (compression included), keys and indexes", async () => {
    await publish(mixedHistory(5));
    const report = await replay({ ...base(), mode: 'as-of' });
    const storage = (schema: string) =>
      sql<{ table: string; column: string; compression: string; storage: string }>`
        select c.relname as table, a.attname as column, a.attcompression::text as compression, a.attstorage::text as storage
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        order by 1, 2`.execute(live.db);
    const [rebuilt, current] = await Promise.all([storage(report.schema), storage('public')]);
    expect(rebuilt.rows).toEqual(current.rows.filter((row) => rebuilt.rows.some((r) => r.table === row.table)));
    const indexes = (schema: string) =>
      sql<{ table: string; name: string; definition: string; constraint: string | null }>`
        select t.relname as table, x.relname as name, replace(pg_get_indexdef(i.indexrelid), ${`${schema}.`}, '') as definition,
          (select conname from pg_constraint c where c.conindid = i.indexrelid and c.contype = 'p') as constraint
        from pg_index i join pg_class t on t.oid = i.indrelid join pg_class x on x.oid = i.indexrelid join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = ${schema} and t.relname in (${sql.join([...READ_MODEL_TABLES])})
        order by 1, 2`.execute(live.db);
    const [rebuiltIndexes, liveIndexes] = await Promise.all([indexes(report.schema), indexes('public')]);
    expect(rebuiltIndexes.rows).toEqual(liveIndexes.rows);
    expect(liveIndexes.rows.filter((row) => row.constraint !== null).length).toBe(READ_MODEL_TABLES.length);
    // The migration chose lz4 for the items' text where this server has it.
    const lz4 = await sql<{
      available: boolean;
    }>`select 'lz4' = any(enumvals) as available from pg_settings where name = 'default_toast_compression'`.execute(live.db);
    const body = rebuilt.rows.find((row) => row.table === 'items' && row.column === 'body');
    expect(body?.compression).toBe(lz4.rows[0]?.available ? 'l' : '');
  });

  it('an "as of" cut by time holds exactly the events stored before it', async () => {
    const history = mixedHistory(6);
    await publish(history.slice(0, 10));
    await sleep(50);
    const cut = new Date();
    await sleep(50);
    await publish(history.slice(10));
    const report = await replay({ ...base(), mode: 'as-of', toTime: cut });
    expect(report.lastSeq).toBe(10);
    expect(report.events).toBe(10);
    const fromTen = await replay({ ...base(), mode: 'as-of', fromTime: cut });
    expect(fromTen.events).toBe(history.length - 10);
  });
});
