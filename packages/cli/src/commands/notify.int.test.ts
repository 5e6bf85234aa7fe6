import { randomBytes } from 'node:crypto';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type Receiver, startReceiver } from '@pipe/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe notify', () => {
  let t: TestDb;
  let receiver: Receiver;
  const key = randomBytes(32).toString('base64');
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    DATABASE_URL: t.url,
    PIPE_SECRET_KEY: key,
    PIPE_HOME: '/nonexistent-pipe-home',
    ...extra,
  });
  const local = () => env({ PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS: 'true' });
  beforeAll(async () => {
    [t, receiver] = await Promise.all([createTestDb(), startReceiver()]);
    await createTeam(t.db, new SecretBox(Buffer.from(key, 'base64')), 'acme');
  });
  afterAll(async () => {
    await receiver.close();
    await t.cleanup();
  });

  it('adds a rule with one command, its destination sealed, lists it without secrets, tests it and removes it', async () => {
    const slackUrl = `${receiver.url}/services/T000/B000/SECRETPART`;
    const added = capture();
    expect(
      await runCli(
        [
          'notify',
          'add',
          'acme',
          '--kind',
          'slack',
          '--url',
          slackUrl,
          '--when',
          'kind:pull_request ',
          '--when',
          'edge:CLOSES:jira',
          '--json',
        ],
        local(),
        added.io,
      ),
    ).toBe(0);
    const { id, when } = JSON.parse(added.out.stdout) as { id: string; when: string };
    expect(when).toBe('kind:pull_request edge:CLOSES:jira');
    const stored = await t.db.selectFrom('notify_rules').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('SECRETPART');

    const listed = capture();
    expect(await runCli(['notify', 'list', 'acme'], env(), listed.io)).toBe(0);
    expect(listed.out.stdout).toContain(id);
    expect(listed.out.stdout).toContain('when: kind:pull_request edge:CLOSES:jira');
    expect(listed.out.stdout).not.toContain('SECRETPART');

    const tested = capture();
    expect(await runCli(['notify', 'test', 'acme'], local(), tested.io)).toBe(0);
    expect(tested.out.stdout).toMatch(new RegExp(`${id}\\s+slack\\s+ok: delivered \\(200\\)`));
    expect(receiver.requests.at(-1)?.path).toBe('/services/T000/B000/SECRETPART');
    expect((receiver.requests.at(-1)?.json as { text: string }).text).toContain('Pipe test notification');

    expect(await runCli(['notify', 'remove', 'acme', id], env(), capture().io)).toBe(0);
    const again = capture();
    expect(await runCli(['notify', 'remove', 'acme', id], env(), again.io)).toBe(1);
    expect(again.out.stderr).toContain(`no notification rule ${id}`);
  });

  it('generates a webhook’s signing secret when none is given and shows it once', async () => {
    const added = capture();
    expect(await runCli(['notify', 'add', 'acme', '--kind', 'webhook', '--url', `${receiver.url}/hook`], local(), added.io)).toBe(0);
    const secret = /signing secret .*: ([0-9a-f]{64})/.exec(added.out.stdout)?.[1];
    expect(secret).toBeDefined();
    const listed = capture();
    await runCli(['notify', 'list', 'acme', '--json'], env(), listed.io);
    expect(listed.out.stdout).not.toContain(secret);
  });

  it('resumes a rule a deleted destination paused: list shows the pause and the command, resume clears it and says so', async () => {
    const { addRule, pauseRule } = await import('@pipe/notify');
    const box = new SecretBox(Buffer.from(key, 'base64'));
    const id = await addRule(t.db, box, {
      team: 'acme',
      kind: 'discord',
      url: `${receiver.url}/api/webhooks/1/x`,
      secret: null,
      chatId: null,
      when: '',
    });
    const reason = 'the destination answered 404 Unknown Webhook: it was deleted or revoked';
    await pauseRule(t.db, id, reason);
    await t.db
      .insertInto('notify_deliveries')
      .values({ rule_id: id, change_key: '7:github:issue:octo/demo#7', team: 'acme', item_id: 'github:issue:octo/demo#7', facts: '{}' })
      .execute();

    const listed = capture();
    expect(await runCli(['notify', 'list', 'acme'], env(), listed.io)).toBe(0);
    expect(listed.out.stdout).toContain(`PAUSED since`);
    expect(listed.out.stdout).toContain(reason);
    expect(listed.out.stdout).toContain(`pipe notify resume acme ${id}`);

    const resumed = capture();
    expect(await runCli(['notify', 'resume', 'acme', id], env(), resumed.io)).toBe(0);
    expect(resumed.out.stdout).toContain(`resumed ${id}: cleared the pause`);
    expect(resumed.out.stdout).toContain(reason);
    expect(resumed.out.stdout).toContain('1 queued before the pause is sent now');
    const row = await t.db.selectFrom('notify_rules').select(['paused_at', 'paused_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ paused_at: null, paused_reason: null });
    const relisted = capture();
    await runCli(['notify', 'list', 'acme', '--json'], env(), relisted.io);
    expect((JSON.parse(relisted.out.stdout) as { id: string; paused: unknown }[]).find((r) => r.id === id)?.paused).toBeNull();

    const again = capture();
    expect(await runCli(['notify', 'resume', 'acme', id, '--json'], env(), again.io)).toBe(0);
    expect(JSON.parse(again.out.stdout)).toEqual({ id, team: 'acme', resumed: false });

    await pauseRule(t.db, id, reason);
    const json = capture();
    expect(await runCli(['notify', 'resume', 'acme', id, '--json'], env(), json.io)).toBe(0);
    expect(JSON.parse(json.out.stdout)).toMatchObject({ id, team: 'acme', resumed: true, reason, pending: 1 });

    const unknown = capture();
    expect(await runCli(['notify', 'resume', 'acme', 'nr_000000000000'], env(), unknown.io)).toBe(1);
    expect(unknown.out.stderr).toContain('team acme has no notification rule nr_000000000000');
    // A rule of another team is as unknown as a rule that does not exist.
    await createTeam(t.db, box, 'other');
    const foreign = capture();
    expect(await runCli(['notify', 'resume', 'other', id], env(), foreign.io)).toBe(1);
    await expect(runCli(['notify', 'resume', 'nobody', id], env(), capture().io)).rejects.toThrow(/team 'nobody' does not exist/);
    const missing = capture();
    expect(await runCli(['notify', 'resume', 'acme'], env(), missing.io)).toBe(2);
    expect(missing.out.stderr).toMatch(/missing required argument 'rule'/);
    await runCli(['notify', 'remove', 'acme', id], env(), capture().io);
  });

  it('refuses a private destination unless PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS=true, and explains every other mistake', async () => {
    const refusals: [string[], RegExp][] = [
      [
        ['notify', 'add', 'acme', '--kind', 'webhook', '--url', 'http://169.254.169.254/latest'],
        /private, loopback or link-local.*PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS=true/,
      ],
      [['notify', 'add', 'acme', '--kind', 'webhook', '--url', `${receiver.url}/hook`], /127\.0\.0\.1.*private/],
      [
        ['notify', 'add', 'acme', '--kind', 'pager', '--url', 'https://example.com'],
        /--kind must be one of slack, discord, telegram, webhook/,
      ],
      [['notify', 'add', 'acme', '--kind', 'telegram'], /telegram needs --secret <bot token> and --chat <chat id>/],
      [['notify', 'add', 'acme', '--kind', 'slack'], /--url is required/],
      [
        ['notify', 'add', 'acme', '--kind', 'slack', '--url', 'https://hooks.slack.com/x', '--when', 'colour:red'],
        /--when: 'colour:red' is not a filter term/,
      ],
      [['notify', 'add', 'acme', 'kind:release', '--kind', 'slack', '--url', 'https://hooks.slack.com/x'], /too many arguments/],
      [['notify', 'list'], /missing required argument 'team'/],
    ];
    const before = await t.db.selectFrom('notify_rules').select('id').execute();
    for (const [argv, message] of refusals) {
      const run = capture();
      expect(await runCli(argv, env(), run.io), argv.join(' ')).toBe(2);
      expect(run.out.stderr, argv.join(' ')).toMatch(message);
    }
    expect(await t.db.selectFrom('notify_rules').select('id').execute()).toEqual(before);
    await expect(
      runCli(['notify', 'add', 'nobody', '--kind', 'slack', '--url', `${receiver.url}/x`], local(), capture().io),
    ).rejects.toThrow(/does not exist/);
  });
});

describe('pipe status', () => {
  it('reports notification dead letters and paused rules with their reasons', async () => {
    const t = await createTestDb();
    try {
      const box = new SecretBox(randomBytes(32));
      await createTeam(t.db, box, 'acme');
      const { addRule, pauseRule } = await import('@pipe/notify');
      const id = await addRule(t.db, box, {
        team: 'acme',
        kind: 'discord',
        url: 'https://discord.com/api/webhooks/1/x',
        secret: null,
        chatId: null,
        when: '',
      });
      await pauseRule(t.db, id, 'the destination answered 404 Unknown Webhook: it was deleted or revoked');
      await t.db
        .insertInto('notify_deliveries')
        .values({
          rule_id: id,
          change_key: '1:x',
          team: 'acme',
          item_id: 'x',
          facts: '{}',
          state: 'dead',
          last_error: 'gave up after 8 attempts',
        })
        .execute();
      const { testNatsUrl, testNamespace } = await import('@pipe/test-infra');
      const statusEnv = { NATS_URL: testNatsUrl(), PIPE_NAMESPACE: testNamespace(), DATABASE_URL: t.url };
      const json = capture();
      await runCli(['status', '--json', '--wait', '200'], statusEnv, json.io);
      expect(JSON.parse(json.out.stdout).notifications).toEqual({
        deadLetters: 1,
        pausedRules: [{ id, team: 'acme', reason: 'the destination answered 404 Unknown Webhook: it was deleted or revoked' }],
      });
      const text = capture();
      await runCli(['status', '--wait', '200'], statusEnv, text.io);
      expect(text.out.stdout).toContain('notifications: 1 dead letters, 1 paused rules');
      expect(text.out.stdout).toContain(`paused ${id} (acme): the destination answered 404`);
    } finally {
      await t.cleanup();
    }
  });
});
