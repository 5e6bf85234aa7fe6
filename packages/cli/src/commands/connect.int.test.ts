import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox, createTeam, getSyncConnection, markConnectionNeedsCredential } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { type FakeGithubApi, startFakeGithubApi } from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe connect and pipe connections', () => {
  let t: TestDb;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let github: FakeGithubApi;
  let slack: Server;
  let slackUrl: string;
  const key = randomBytes(32);
  beforeAll(async () => {
    t = await createTestDb();
    home = mkdtempSync(join(tmpdir(), 'pipe-cli-'));
    env = { DATABASE_URL: t.url, PIPE_HOME: home, PIPE_SECRET_KEY: key.toString('base64') };
    await createTeam(t.db, new SecretBox(key), 'acme');
    github = await startFakeGithubApi();
    // Slack's auth.test as documented: ok with the bot's user and team, x-oauth-scopes on the answer.
    slack = createServer((request, response) => {
      const good = request.headers.authorization === 'Bearer xoxb-good';
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-oauth-scopes': good ? 'channels:read,channels:history,users:read' : '',
      });
      response.end(
        JSON.stringify(
          good ? { ok: true, user: 'pipebot', team: 'Acme', team_id: 'T1', user_id: 'U1' } : { ok: false, error: 'invalid_auth' },
        ),
      );
    });
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
    slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await github.close();
    slack.closeAllConnections();
    await new Promise((resolve) => slack.close(resolve));
    await t.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it('checks the credential against the platform, then stores it sealed', async () => {
    const out = capture();
    expect(await runCli(['connect', 'acme', 'github', '--token', 'ghp_fixture', '--api-url', github.url, '--json'], env, out.io)).toBe(0);
    expect(JSON.parse(out.out.stdout)).toMatchObject({
      team: 'acme',
      platform: 'github',
      account: 'octokit-fixture-user-a',
      apiUrl: github.url,
    });
    const row = await t.db.selectFrom('sync_connections').selectAll().executeTakeFirstOrThrow();
    expect(row.sealed_token).not.toContain('ghp_fixture');
    expect((await getSyncConnection(t.db, new SecretBox(key), 'acme', 'github'))?.token).toBe('ghp_fixture');
    expect(await runCli(['connect', 'acme', 'slack', '--token', 'xoxb-good', '--api-url', slackUrl], env, capture().io)).toBe(0);
  });

  it('refuses a credential the platform refuses, saying what to pass, and stores nothing', async () => {
    const refused = capture();
    expect(await runCli(['connect', 'acme', 'github', '--token', 'ghp_wrong', '--api-url', github.url], env, refused.io)).toBe(1);
    expect(refused.out.stderr).toMatch(/CREDENTIAL_REJECTED: GitHub refused the token .*create a new token/);
    const slackRefused = capture();
    expect(await runCli(['connect', 'acme', 'slack', '--token', 'xoxb-bad', '--api-url', slackUrl], env, slackRefused.io)).toBe(1);
    expect(slackRefused.out.stderr).toMatch(/Slack refused the token \(invalid_auth\)/);
    github.scopes = 'gist';
    const narrow = capture();
    expect(await runCli(['connect', 'acme', 'github', '--token', 'ghp_fixture', '--api-url', github.url], env, narrow.io)).toBe(1);
    expect(narrow.out.stderr).toMatch(/lacks the repo scope/);
    github.scopes = 'repo';
    const jira = capture();
    expect(await runCli(['connect', 'acme', 'jira', '--token', 'me@example.com:tok'], env, jira.io)).toBe(1);
    expect(jira.out.stderr).toMatch(/API_URL_REQUIRED: Jira needs the site/);
    const assistant = capture();
    expect(await runCli(['connect', 'acme', 'assistant', '--token', 'x'], env, assistant.io)).toBe(2);
    expect(assistant.out.stderr).toMatch(/cannot be connected; one of: github, slack/);
    await expect(
      runCli(['connect', 'nobody', 'github', '--token', 'ghp_fixture', '--api-url', github.url], env, capture().io),
    ).rejects.toThrow(/pipe team create nobody/);
    expect(await t.db.selectFrom('sync_connections').select('platform').orderBy('platform').execute()).toEqual([
      { platform: 'github' },
      { platform: 'slack' },
    ]);
  });

  it('lists connections with the fix for a refused credential, and removes one', async () => {
    await markConnectionNeedsCredential(
      t.db,
      'acme',
      'github',
      'GitHub refused the token (401); run `pipe connect acme github --token <new token>`',
    );
    const listed = capture();
    expect(await runCli(['connections', 'list', 'acme'], env, listed.io)).toBe(0);
    expect(listed.out.stdout).toMatch(/github\s+octokit-fixture-user-a\s+needs credential: .*pipe connect acme github --token/);
    const json = capture();
    expect(await runCli(['connections', 'list', 'acme', '--json'], env, json.io)).toBe(0);
    expect(JSON.parse(json.out.stdout).map((c: { platform: string; status: string }) => [c.platform, c.status])).toEqual([
      ['github', 'needs_credential'],
      ['slack', 'active'],
    ]);
    expect(await runCli(['connect', 'acme', 'github', '--token', 'ghp_fixture', '--api-url', github.url], env, capture().io)).toBe(0);
    expect(
      (await t.db.selectFrom('sync_connections').select('status').where('platform', '=', 'github').executeTakeFirstOrThrow()).status,
    ).toBe('active');
    expect(await runCli(['connections', 'remove', 'acme', 'slack'], env, capture().io)).toBe(0);
    expect(await runCli(['connections', 'remove', 'acme', 'slack'], env, capture().io)).toBe(1);
  });
});
