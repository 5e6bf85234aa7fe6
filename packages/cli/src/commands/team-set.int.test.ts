import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox, createTeam, getAssistantSettings } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe team set', () => {
  let t: TestDb;
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await createTestDb();
    home = mkdtempSync(join(tmpdir(), 'pipe-cli-'));
    env = { DATABASE_URL: t.url, PIPE_HOME: home };
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
  });
  afterAll(async () => {
    await t.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it('turns keeping prompt text on and off (off by default)', async () => {
    expect(await getAssistantSettings(t.db, 'acme')).toEqual({ storePrompts: false });
    const on = capture();
    expect(await runCli(['team', 'set', 'acme', 'assistant.prompts', 'on', '--json'], env, on.io)).toBe(0);
    expect(JSON.parse(on.out.stdout)).toEqual({ team: 'acme', setting: 'assistant.prompts', value: 'on' });
    expect(await getAssistantSettings(t.db, 'acme')).toEqual({ storePrompts: true });
    const off = capture();
    expect(await runCli(['team', 'set', 'acme', 'assistant.prompts', 'OFF'], env, off.io)).toBe(0);
    expect(off.out.stdout).toBe('acme: assistant.prompts is off\n');
    expect(await getAssistantSettings(t.db, 'acme')).toEqual({ storePrompts: false });
  });

  it('says what is wrong with an unknown setting, value or team', async () => {
    await expect(runCli(['team', 'set', 'acme', 'assistant.promps', 'on'], env, capture().io)).rejects.toThrow(
      /settings are: assistant.prompts/,
    );
    await expect(runCli(['team', 'set', 'acme', 'assistant.prompts', 'yes'], env, capture().io)).rejects.toThrow(/takes on or off/);
    await expect(runCli(['team', 'set', 'nobody', 'assistant.prompts', 'on'], env, capture().io)).rejects.toThrow(
      /pipe team create nobody/,
    );
    const missing = capture();
    expect(await runCli(['team', 'set', 'acme'], env, missing.io)).toBe(2);
    expect(missing.out.stderr).toContain('usage: pipe team set <team> <setting> <value>');
  });
});
