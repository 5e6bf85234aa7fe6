import { randomBytes } from 'node:crypto';
import { SecretBox, createTeam, findApiKey } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { UnknownTeamError } from '../require-team.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe keys', () => {
  let t: TestDb;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await createTestDb();
    env = { DATABASE_URL: t.url };
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'beta');
  });
  afterAll(async () => t.cleanup());

  it('creates a key shown once and stored hashed, lists it without the key, and revokes it at once', async () => {
    const created = capture();
    expect(await runCli(['keys', 'create', '--team', 'acme', '--name', 'ci', '--json'], env, created.io)).toBe(0);
    const { id, apiKey } = JSON.parse(created.out.stdout) as { id: string; apiKey: string };
    expect(await findApiKey(t.db, apiKey)).toEqual({ id, team: 'acme', scope: 'read' });
    const stored = await t.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(apiKey);

    const listed = capture();
    expect(await runCli(['keys', 'list', '--team', 'acme'], env, listed.io)).toBe(0);
    expect(listed.out.stdout).toMatch(new RegExp(`${id}  ${apiKey.slice(0, 12)}…  read `));
    expect(listed.out.stdout).not.toContain(apiKey);

    expect(await runCli(['keys', 'revoke', id, '--team', 'acme'], env, capture().io)).toBe(0);
    expect(await findApiKey(t.db, apiKey)).toBeNull();
    const again = capture();
    expect(await runCli(['keys', 'revoke', id, '--team', 'acme'], env, again.io)).toBe(1);
    expect(again.out.stderr).toContain('no active key');
    const revokedList = capture();
    await runCli(['keys', 'list', '--team', 'acme'], env, revokedList.io);
    expect(revokedList.out.stdout).toMatch(new RegExp(`${id}.*REVOKED`));
  });

  it('makes admin keys with --scope admin and shows every key’s scope', async () => {
    const created = capture();
    expect(await runCli(['keys', 'create', '--team', 'acme', '--name', 'ops', '--scope', 'admin'], env, created.io)).toBe(0);
    expect(created.out.stdout).toMatch(/^key key_\w+ \(admin\) for acme: pipe_/);
    const apiKey = /(pipe_\S+)/.exec(created.out.stdout)?.[1] ?? '';
    expect(await findApiKey(t.db, apiKey)).toMatchObject({ team: 'acme', scope: 'admin' });

    const listed = capture();
    expect(await runCli(['keys', 'list', '--team', 'acme', '--json'], env, listed.io)).toBe(0);
    const keys = JSON.parse(listed.out.stdout) as { name: string; scope: string }[];
    expect(keys.find((key) => key.name === 'ops')?.scope).toBe('admin');
    expect(keys.find((key) => key.name === 'default')?.scope).toBe('read');

    const wrong = capture();
    expect(await runCli(['keys', 'create', '--team', 'acme', '--scope', 'write'], env, wrong.io)).toBe(2);
    expect(wrong.out.stderr).toContain("--scope must be one of read, admin, not 'write'");
    expect((await t.db.selectFrom('api_keys').select('id').where('team', '=', 'acme').execute()).length).toBe(keys.length);
  });

  it('keeps keys to their team and explains mistakes', async () => {
    const created = capture();
    await runCli(['keys', 'create', '--team', 'acme', '--json'], env, created.io);
    const { id } = JSON.parse(created.out.stdout) as { id: string };
    // Another team cannot revoke it.
    expect(await runCli(['keys', 'revoke', id, '--team', 'beta'], env, capture().io)).toBe(1);
    // An unknown team is an error (exit 1 through bin.ts), never an empty answer.
    for (const argv of [
      ['keys', 'create'],
      ['keys', 'list'],
      ['keys', 'revoke', id],
    ])
      await expect(runCli([...argv, '--team', 'nobody'], env, capture().io)).rejects.toThrow(UnknownTeamError);
    const missing = capture();
    expect(await runCli(['keys', 'create'], env, missing.io)).toBe(2);
    expect(missing.out.stderr).toContain("required option '--team <slug>' not specified");
    const badSlug = capture();
    expect(await runCli(['keys', 'list', '--team', 'No Such'], env, badSlug.io)).toBe(2);
    expect(badSlug.out.stderr).toContain('it must be a team slug');
  });
});
