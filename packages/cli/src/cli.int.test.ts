import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findApiKey, getWebhookSecret, parseSecretKey, SecretBox } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText, runCli } from './cli.js';
import { captureOutput as capture } from './testing/capture-output.js';

describe('pipe team create', () => {
  let t: TestDb;
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await createTestDb();
    home = mkdtempSync(join(tmpdir(), 'pipe-cli-'));
    env = { DATABASE_URL: t.url, PIPE_HOME: home };
  });
  afterAll(async () => {
    await t.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints everything a script needs as JSON, and the credentials work', async () => {
    const { out, io } = capture();
    expect(await runCli(['team', 'create', 'acme', '--json'], env, io)).toBe(0);
    const created = JSON.parse(out.stdout);
    expect(created).toEqual({
      team: 'acme',
      apiKey: expect.stringMatching(/^pipe_/),
      mcpUrl: 'http://127.0.0.1:7400/mcp',
      webhooks: {
        github: { url: 'http://127.0.0.1:7401/webhooks/github/acme', secret: expect.stringMatching(/^[0-9a-f]{64}$/) },
        jira: { url: 'http://127.0.0.1:7403/webhooks/jira/acme', secret: expect.stringMatching(/^[0-9a-f]{64}$/) },
        slack: {
          url: 'http://127.0.0.1:7402/webhooks/slack/acme',
          secret: null,
          issuedBy: expect.stringContaining('signing secret'),
          setSecret: 'pipe team set-secret acme slack <value>',
        },
        linear: {
          url: 'http://127.0.0.1:7404/webhooks/linear/acme',
          secret: null,
          issuedBy: expect.any(String),
          setSecret: 'pipe team set-secret acme linear <value>',
        },
        notion: {
          url: 'http://127.0.0.1:7405/webhooks/notion/acme',
          secret: null,
          issuedBy: expect.stringContaining('verification_token'),
          setSecret: 'pipe team set-secret acme notion <value>',
        },
        discord: {
          url: 'http://127.0.0.1:7406/webhooks/discord/acme',
          secret: null,
          issuedBy: expect.stringContaining('public key'),
          setSecret: 'pipe team set-secret acme discord <value>',
        },
        assistant: { url: 'http://127.0.0.1:7407/webhooks/assistant/acme', secret: null, auth: 'Authorization: Bearer <API key>' },
      },
    });
    expect(await findApiKey(t.db, created.apiKey)).toMatchObject({ team: 'acme' });
    // The secret was sealed with the key the CLI created under PIPE_HOME.
    const { readFileSync } = await import('node:fs');
    const box = new SecretBox(parseSecretKey(readFileSync(join(home, 'secret.key'), 'utf8')));
    expect(await getWebhookSecret(t.db, box, 'acme', 'github')).toBe(created.webhooks.github.secret);
  });

  it('uses PIPE_PUBLIC_URL in the printed URLs', async () => {
    const { out, io } = capture();
    await runCli(['team', 'create', 'beta', '--json'], { ...env, PIPE_PUBLIC_URL: 'https://pipe.example.com' }, io);
    expect(JSON.parse(out.stdout)).toMatchObject({
      mcpUrl: 'https://pipe.example.com/mcp',
      webhooks: { github: { url: 'https://pipe.example.com/webhooks/github/beta' } },
    });
  });

  it('stores a platform-issued secret with `team set-secret`, and generates one with --generate', async () => {
    const { readFileSync } = await import('node:fs');
    const box = new SecretBox(parseSecretKey(readFileSync(join(home, 'secret.key'), 'utf8')));
    const stored = capture();
    expect(await runCli(['team', 'set-secret', 'acme', 'slack', '8f742231b10e8888abcd99yyyzzz85a5', '--json'], env, stored.io)).toBe(0);
    expect(JSON.parse(stored.out.stdout)).toEqual({ team: 'acme', platform: 'slack', url: 'http://127.0.0.1:7402/webhooks/slack/acme' });
    expect(await getWebhookSecret(t.db, box, 'acme', 'slack')).toBe('8f742231b10e8888abcd99yyyzzz85a5');
    const generated = capture();
    await runCli(['team', 'set-secret', 'acme', 'jira', '--generate', '--json'], env, generated.io);
    const { secret } = JSON.parse(generated.out.stdout);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await getWebhookSecret(t.db, box, 'acme', 'jira')).toBe(secret);
    await expect(runCli(['team', 'set-secret', 'acme', 'discord', 'not-a-key'], env, capture().io)).rejects.toThrow(/64 hex characters/);
    await expect(runCli(['team', 'set-secret', 'nobody', 'slack', 'x'], env, capture().io)).rejects.toThrow(/no team 'nobody'/);
    await expect(runCli(['team', 'set-secret', 'acme', 'assistant', 'x'], env, capture().io)).rejects.toThrow(/takes no stored secret/);
  });

  it('refuses a duplicate team or a bad slug with a message that says why', async () => {
    await expect(runCli(['team', 'create', 'acme'], env, capture().io)).rejects.toThrow(/already exists/);
    await expect(runCli(['team', 'create', 'Bad Slug'], env, capture().io)).rejects.toThrow(/not a valid team slug/);
  });

  it('explains usage mistakes with exit code 2', async () => {
    const missing = capture();
    expect(await runCli(['team', 'create'], env, missing.io)).toBe(2);
    expect(missing.out.stderr).toContain("missing required argument 'slug'");
    expect(missing.out.stderr).toContain('usage: pipe team create <slug> [--name N] [--json]');
    const unknown = capture();
    expect(await runCli(['frobnicate'], env, unknown.io)).toBe(2);
    expect(unknown.out.stderr).toContain("unknown command 'frobnicate'");
    const flag = capture();
    expect(await runCli(['up', '--bogus'], env, flag.io)).toBe(2);
    expect(flag.out.stderr).toContain("unknown option '--bogus'");
    const help = capture();
    expect(await runCli(['--help'], env, help.io)).toBe(0);
    expect(help.out.stdout).toBe(await helpText());
    const commandHelp = capture();
    expect(await runCli(['team', 'create', '--help'], env, commandHelp.io)).toBe(0);
    expect(commandHelp.out.stdout).toContain('Usage: pipe team create <slug> [--name N] [--json]');
  });

  it('exits non-zero from the shell for an unknown team, saying how to create it', () => {
    const bin = fileURLToPath(new URL('../bin/pipe.js', import.meta.url));
    const run = spawnSync(process.execPath, [bin, 'keys', 'list', '--team', 'nosuchteam'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("team 'nosuchteam' does not exist; create it with `pipe team create nosuchteam`");
    expect(run.stdout).toBe('');
  });
});
