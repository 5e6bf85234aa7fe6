import { randomBytes } from 'node:crypto';
import { publishEvent } from '@pipe/bus';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { decodeEvent } from '@pipe/events';
import { githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { UnknownTeamError } from '../require-team.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe dlq and pipe people', () => {
  let bus: TestBus;
  let t: TestDb;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
    env = { NATS_URL: bus.url, DATABASE_URL: t.url, PIPE_NAMESPACE: bus.namespace };
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });
  const project = () =>
    projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger: pino({ level: 'silent' }), maxAttempts: 2, retryDelayMs: () => 1 });

  it('lists a dead letter with its error and re-drives it into the log', async () => {
    const poison = itemObserved(githubIssueSnapshot('octo/demo', 1, { body: 'NUL \u0000 here' }));
    await publishEvent(bus.js, bus.names, poison, { msgId: poison.id });
    await project();

    const list = capture();
    expect(await runCli(['dlq', 'list', '--json'], env, list.io)).toBe(0);
    const [letter] = JSON.parse(list.out.stdout);
    expect(letter).toMatchObject({
      id: 1,
      streamSeq: 1,
      consumer: expect.stringMatching(/^projector-p\d+$/),
      deliveries: 1,
      error: expect.stringContaining('failed 2 times'),
    });

    const retry = capture();
    expect(await runCli(['dlq', 'retry', '1', '--json'], env, retry.io)).toBe(0);
    expect(JSON.parse(retry.out.stdout)).toEqual({ retried: [1] });
    const events = await bus.jsm.streams.info(bus.names.events);
    expect(events.state.messages).toBe(2);
    const redriven = await bus.jsm.streams.getMessage(bus.names.events, { seq: 2 });
    expect(decodeEvent(redriven!.data).id).toBe(poison.id);
    expect((await bus.jsm.streams.info(bus.names.dlq)).state.messages).toBe(0);
    await expect(runCli(['dlq', 'retry', '1'], env, capture().io)).rejects.toThrow(/no dead letter 1/);
  });

  it('explains a missing id', async () => {
    const none = capture();
    expect(await runCli(['dlq', 'retry'], env, none.io)).toBe(2);
    expect(none.out.stderr).toContain('--all');
    await expect(runCli(['dlq', 'retry', '42'], env, capture().io)).rejects.toThrow(/no dead letter 42/);
  });

  it('records people links as events the projector applies', async () => {
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    await expect(runCli(['people', 'link', 'github:1', 'slack:U1', '--team', 'nobody'], env, capture().io)).rejects.toThrow(
      UnknownTeamError,
    );
    const link = capture();
    expect(await runCli(['people', 'link', 'github:583231', 'slack:U024BE7LH', '--team', 'acme'], env, link.io)).toBe(0);
    const stored = await bus.jsm.streams.getMessage(bus.names.events, { seq: 1 });
    expect(decodeEvent(stored!.data)).toMatchObject({ type: 'person.linked', team: 'acme', source: { platform: 'pipe' } });
    await project();
    const people = await t.db.selectFrom('identities').select(['platform', 'person_id']).orderBy('platform').execute();
    expect(people).toEqual([
      { platform: 'github', person_id: 'github:583231' },
      { platform: 'slack', person_id: 'github:583231' },
    ]);
    const bad = capture();
    expect(await runCli(['people', 'link', 'github', 'slack:U1', '--team', 'acme'], env, bad.io)).toBe(2);
    expect(bad.out.stderr).toContain('<platform>:<user id>');
    const noTeam = capture();
    expect(await runCli(['people', 'unlink', 'slack:U1'], env, noTeam.io)).toBe(2);
    expect(noTeam.out.stderr).toContain('--team');
  });
});
