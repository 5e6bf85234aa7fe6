import { setTimeout as sleep } from 'node:timers/promises';
import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { PipeEvent } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { partitionConsumerName } from './projector.js';
import { allCaughtUp, projectUntilCaughtUp, readModelRows, startProjectorProcess } from './testing/index.js';

/** Events of several teams (so several partitions are busy), each issue observed and opened. */
function log(): PipeEvent[] {
  const events: PipeEvent[] = [];
  for (let n = 1; n <= 150; n++) {
    const team = ['acme', 'globex', 'initech'][n % 3] as string;
    const issue = githubIssueSnapshot('octo/demo', n, { body: `Issue ${n} relates to #${n + 1}` });
    events.push(itemObserved(issue, team), activityObserved(issue.id, 'opened', `a-${n}`, team));
  }
  return events;
}

describe('a projector process stopped with SIGTERM while events flow', () => {
  let bus: TestBus;
  let live: TestDb;
  let clean: TestDb;
  beforeEach(async () => {
    [bus, live, clean] = await Promise.all([createTestBus(), createTestDb(), createTestDb()]);
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), live.cleanup(), clean.cleanup()]);
  });

  const envFor = () => ({ NATS_URL: bus.url, DATABASE_URL: live.url, PIPE_NAMESPACE: bus.namespace, PROJECTOR_BATCH_SIZE: '5' });
  const consumers = () => Array.from({ length: bus.names.partitions }, (_, p) => partitionConsumerName('projector', p));
  const checkpoints = async () =>
    new Map(
      (await live.db.selectFrom('checkpoints').select(['partition', 'last_seq']).where('projection', '=', 'projector').execute()).map(
        (row) => [row.partition, Number(row.last_seq)],
      ),
    );

  it('finishes the batch in hand, acks what it committed, exits 0, and a restart applies every event once', async () => {
    const events = log();
    const first = startProjectorProcess(envFor());
    // Load: events published one after another while the projector applies them.
    let published = 0;
    const publishing = (async () => {
      for (const event of events) {
        await publishEvent(bus.js, bus.names, event, { msgId: event.id });
        published += 1;
      }
    })();
    // Stop it mid-stream: once it has committed something and events are still arriving.
    for (let i = 0; i < 600 && (await checkpoints()).size === 0; i++) await sleep(20);
    expect((await checkpoints()).size).toBeGreaterThan(0);
    first.child.kill('SIGTERM');
    const ended = await first.exited;
    expect(ended, first.output()).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/draining: finishing the batch in hand/);
    expect(first.output()).toMatch(/"name":"projector"[^\n]*"msg":"stopped"/);

    // What was committed was acknowledged before the connection closed: the ack floor reached the
    // checkpoint (it may pass it over other partitions' sequences). What was fetched but not applied
    // was handed back (nak) or is left to the restart, which recreates the consumer at the checkpoint.
    const committed = await checkpoints();
    for (const [p, name] of consumers().entries()) {
      const info = await bus.jsm.consumers.info(bus.names.events, name).catch(() => null);
      const checkpoint = committed.get(`p${p}`);
      if (!info || checkpoint === undefined) continue;
      expect(info.ack_floor.stream_seq, `partition ${p}`).toBeGreaterThanOrEqual(checkpoint);
    }

    await publishing;
    expect(published).toBe(events.length);
    const second = startProjectorProcess(envFor());
    for (let i = 0; i < 600 && !(await allCaughtUp({ bus, names: bus.names }, consumers())); i++) await sleep(50);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    // Nothing lost, nothing doubled: the tables equal one uninterrupted projection of the same log.
    await projectUntilCaughtUp({ db: clean.db, bus, names: bus.names, logger: pino({ level: 'silent' }), projection: 'clean' });
    const rows = await readModelRows(live.db);
    expect(rows.items).toHaveLength(150);
    expect(rows).toEqual(await readModelRows(clean.db));
    // Two projector processes start from source (tsx) one after the other: slow on a busy machine.
  }, 90_000);
});
