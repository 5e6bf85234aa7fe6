import { randomBytes } from 'node:crypto';
import { SecretBox, createTeam, redeemSignInLink } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { UnknownTeamError } from '../require-team.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe login-link and pipe tokens', () => {
  let t: TestDb;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await createTestDb();
    env = { DATABASE_URL: t.url, PIPE_PUBLIC_URL: 'https://pipe.example.com' };
    const box = new SecretBox(randomBytes(32));
    await createTeam(t.db, box, 'acme');
    await createTeam(t.db, box, 'beta');
  });
  afterAll(async () => t.cleanup());

  it('makes a one-time link on the gateway’s sign-in page, the code in the fragment, and stores it hashed', async () => {
    const made = capture();
    expect(await runCli(['login-link', 'acme', '--email', 'Ann@Acme.test', '--scope', 'admin', '--json'], env, made.io)).toBe(0);
    const link = JSON.parse(made.out.stdout) as { id: string; url: string; code: string; email: string; scope: string; expiresAt: string };
    expect(link).toMatchObject({ email: 'ann@acme.test', scope: 'admin', url: `https://pipe.example.com/oauth/sign-in#${link.code}` });
    expect(JSON.stringify(await t.db.selectFrom('oauth_sign_in_links').selectAll().execute())).not.toContain(link.code);
    expect(await redeemSignInLink(t.db, link.code)).toEqual({ id: link.id, team: 'acme', email: 'ann@acme.test', scope: 'admin' });
    expect(await redeemSignInLink(t.db, link.code)).toBeNull();

    const human = capture();
    expect(await runCli(['login-link', 'acme'], env, human.io)).toBe(0);
    expect(human.out.stdout).toMatch(/sign-in link lnk_\w+ for anyone you give it to in team acme \(scope read\), works once until/);
  });

  it('explains mistakes and makes nothing', async () => {
    const before = (await t.db.selectFrom('oauth_sign_in_links').select('id').execute()).length;
    for (const [argv, message] of [
      [['login-link'], 'pipe login-link <team>'],
      [['login-link', 'acme', '--email', 'not-an-email'], "--email 'not-an-email' is not an email address"],
      [['login-link', 'acme', '--scope', 'write'], '--scope must be one of read, admin'],
      [['login-link', 'acme', '--minutes', '0'], '--minutes must be a whole number from 1 to 1440'],
    ] as const) {
      const out = capture();
      expect(await runCli([...argv], env, out.io), argv.join(' ')).toBe(2);
      expect(out.out.stderr).toContain(message);
    }
    await expect(runCli(['login-link', 'nobody'], env, capture().io)).rejects.toThrow(UnknownTeamError);
    await expect(runCli(['tokens', 'list', '--team', 'nobody'], env, capture().io)).rejects.toThrow(UnknownTeamError);
    expect((await t.db.selectFrom('oauth_sign_in_links').select('id').execute()).length).toBe(before);
  });

  it('lists a team’s OAuth grants and revokes one with every token it issued', async () => {
    const empty = capture();
    expect(await runCli(['tokens', 'list', '--team', 'acme'], env, empty.io)).toBe(0);
    expect(empty.out.stdout).toBe('no OAuth clients signed in\n');

    // A grant and its tokens as the gateway's authorization server stores them.
    const resources = { 'https://pipe.example.com/mcp': 'read' };
    await t.db
      .insertInto('oauth_store')
      .values([
        { kind: 'Client', id: 'client-1', payload: JSON.stringify({ client_id: 'client-1', client_name: 'ChatGPT' }) },
        {
          kind: 'Grant',
          id: 'grant-1',
          grant_id: 'grant-1',
          team: 'acme',
          payload: JSON.stringify({ accountId: 'acme/lnk_0001', clientId: 'client-1', resources }),
          expires_at: new Date(Date.now() + 86_400_000),
        },
        { kind: 'AccessToken', id: 'at-1', grant_id: 'grant-1', team: 'acme', payload: '{}', expires_at: new Date(Date.now() + 600_000) },
        {
          kind: 'RefreshToken',
          id: 'rt-1',
          grant_id: 'grant-1',
          team: 'acme',
          payload: '{}',
          expires_at: new Date(Date.now() + 86_400_000),
        },
      ])
      .execute();
    const listed = capture();
    expect(await runCli(['tokens', 'list', '--team', 'acme', '--json'], env, listed.io)).toBe(0);
    expect(JSON.parse(listed.out.stdout)).toEqual([
      expect.objectContaining({ id: 'grant-1', clientId: 'client-1', clientName: 'ChatGPT', scopes: ['read'], activeTokens: 2 }),
    ]);
    const human = capture();
    await runCli(['tokens', 'list', '--team', 'acme'], env, human.io);
    expect(human.out.stdout).toMatch(/^grant-1 +read +ChatGPT <client-1> +by lnk_0001 +since \S+ +2 live tokens\n$/);

    const wrongTeam = capture();
    expect(await runCli(['tokens', 'revoke', 'grant-1', '--team', 'beta'], env, wrongTeam.io)).toBe(1);
    expect(wrongTeam.out.stderr).toContain('no OAuth grant grant-1 in team beta');
    expect(await runCli(['tokens', 'revoke', 'grant-1', '--team', 'acme'], env, capture().io)).toBe(0);
    expect(await t.db.selectFrom('oauth_store').select('id').where('grant_id', '=', 'grant-1').execute()).toEqual([]);
  });
});
