import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe replay', () => {
  let bus: TestBus;
  let t: TestDb;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
    env = { NATS_URL: bus.url, DATABASE_URL: t.url, PIPE_NAMESPACE: bus.namespace };
    for (let n = 1; n <= 20; n++) {
      const event = itemObserved(githubIssueSnapshot('octo/demo', n, { body: `fixes #${n + 1}` }));
      await publishEvent(bus.js, bus.names, event, { msgId: event.id });
    }
    await projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  it('--verify exits 0 on an intact model and 1, naming the table, when a live row was tampered with', async () => {
    const ok = capture();
    expect(await runCli(['replay', '--verify', '--json'], env, ok.io)).toBe(0);
    expect(JSON.parse(ok.out.stdout)).toMatchObject({ mode: 'verify', identical: true, liveCheckpoint: 20, events: 20 });

    await t.db.deleteFrom('edges').where('from_id', '=', 'github:issue:octo/demo#5').execute();
    const tampered = capture();
    expect(await runCli(['replay', '--verify'], env, tampered.io)).toBe(1);
    expect(tampered.out.stdout).toMatch(/DIFF\s+edges/);
    expect(tampered.out.stdout).toContain('only in rebuilt: edges');
    // Where the time went, phase by phase.
    expect(tampered.out.stdout).toMatch(/read [\d.]+ s, load [\d.]+ s, indexes [\d.]+ s, .*compare [\d.]+ s/);
  });

  it('swaps, keeps the previous model until --drop-old, and builds "as of" schemas', async () => {
    const swap = capture();
    expect(await runCli(['replay', '--json'], env, swap.io)).toBe(0);
    const report = JSON.parse(swap.out.stdout);
    expect(report).toMatchObject({ mode: 'swap', swapped: true, oldSchema: expect.stringMatching(/^pipe_old_/) });

    const asOf = capture();
    expect(await runCli(['replay', '--to-seq', '10', '--json'], env, asOf.io)).toBe(0);
    expect(JSON.parse(asOf.out.stdout)).toMatchObject({
      mode: 'as-of',
      lastSeq: 10,
      swapped: false,
      schema: expect.stringMatching(/^pipe_asof_/),
    });

    const dropped = capture();
    expect(await runCli(['replay', '--drop-old', '--json'], env, dropped.io)).toBe(0);
    expect(JSON.parse(dropped.out.stdout)).toEqual({ dropped: [report.oldSchema] });

    const bad = capture();
    expect(await runCli(['replay', '--to-seq', 'ten'], env, bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/'--to-seq <n>' argument 'ten' is invalid\. it must be a positive whole number/);
  });
});
