import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAUDE_CODE_HOOK_EVENTS, claudeCodeHookCommand } from '@pipe/platforms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureOutput as capture } from '../testing/capture-output.js';

const URL_ = 'http://127.0.0.1:7407/webhooks/assistant/acme';
const KEY = 'pipe_abc123';

/** The user's own settings: another hook on two of Pipe's events, and settings that are not hooks. */
const USER_SETTINGS = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    PostToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'npx prettier --write "$CLAUDE_FILE_PATH"' }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
    Notification: [{ hooks: [{ type: 'command', command: 'notify-send claude' }] }],
  },
};

describe('pipe hooks install|uninstall claude-code', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let userFile: string;
  const read = (file = userFile) =>
    JSON.parse(readFileSync(file, 'utf8')) as typeof USER_SETTINGS & {
      hooks: Record<string, { matcher?: string; hooks: Record<string, unknown>[] }[]>;
    };
  const pipe = async (...argv: string[]) => {
    const c = capture();
    const code = await runCli(argv, env, c.io);
    return { code, ...c.out };
  };

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'pipe-hooks-'));
    env = { HOME: home, PIPE_HOME: join(home, '.pipe') };
    userFile = join(home, '.claude', 'settings.json');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("merges Pipe's hooks into the user's settings after their own, leaving everything else as it was", async () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(userFile, JSON.stringify(USER_SETTINGS));
    const run = await pipe('hooks', 'install', 'claude-code', '--url', URL_, '--key', KEY);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      `installed Pipe's Claude Code hooks (SessionStart, UserPromptSubmit, PostToolUse, PostToolUseFailure, Stop, SessionEnd) in ${userFile}\n`,
    );

    const command = claudeCodeHookCommand({ url: URL_, key: KEY });
    const pipeEntry = (async: boolean) => ({ type: 'command', command, timeout: 10, ...(async ? { async: true } : {}) });
    expect(read()).toEqual({
      model: 'opus',
      permissions: { allow: ['Bash(npm test)'] },
      hooks: {
        PostToolUse: [USER_SETTINGS.hooks.PostToolUse[0], { matcher: '*', hooks: [pipeEntry(true)] }],
        Stop: [USER_SETTINGS.hooks.Stop[0], { hooks: [pipeEntry(true)] }],
        Notification: USER_SETTINGS.hooks.Notification,
        SessionStart: [{ hooks: [pipeEntry(true)] }],
        UserPromptSubmit: [{ hooks: [pipeEntry(true)] }],
        PostToolUseFailure: [{ matcher: '*', hooks: [pipeEntry(true)] }],
        SessionEnd: [{ hooks: [pipeEntry(false)] }],
      },
    });
    expect(command).toContain(`-H 'Authorization: Bearer ${KEY}'`);
    expect(command).toContain(`--data-binary @- '${URL_}' || true`);
  });

  it('is idempotent: installing twice adds nothing, and a new key replaces the old one', async () => {
    expect((await pipe('hooks', 'install', 'claude-code', '--url', URL_, '--key', KEY)).code).toBe(0);
    const once = readFileSync(userFile, 'utf8');
    const again = await pipe('hooks', 'install', 'claude-code', '--url', URL_, '--key', KEY, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      action: 'installed',
      file: userFile,
      events: CLAUDE_CODE_HOOK_EVENTS.map((e) => e.event),
      removed: 6,
      changed: false,
    });
    expect(readFileSync(userFile, 'utf8')).toBe(once);

    // Through the environment, as the README's exported variables did.
    env = { ...env, PIPE_HOOK_URL: URL_, PIPE_API_KEY: 'pipe_new' };
    expect((await pipe('hooks', 'install', 'claude-code')).code).toBe(0);
    const commands = Object.values(read().hooks).flatMap((groups) => groups.flatMap((g) => g.hooks.map((h) => h.command)));
    expect(commands).toHaveLength(6);
    expect(new Set(commands)).toEqual(new Set([claudeCodeHookCommand({ url: URL_, key: 'pipe_new' })]));
  });

  it("creates the user's settings file when there is none, readable by its owner only", async () => {
    expect(existsSync(userFile)).toBe(false);
    expect((await pipe('hooks', 'install', 'claude-code', '--url', URL_, '--key', KEY)).code).toBe(0);
    expect(Object.keys(read().hooks)).toEqual(CLAUDE_CODE_HOOK_EVENTS.map((e) => e.event));
    expect(statSync(userFile).mode & 0o777).toBe(0o600);
  });

  it("uninstalls only Pipe's entries, and says so when there are none", async () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(userFile, JSON.stringify(USER_SETTINGS));
    await pipe('hooks', 'install', 'claude-code', '--url', URL_, '--key', KEY);
    const removed = await pipe('hooks', 'uninstall', 'claude-code', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ action: 'uninstalled', removed: 6, changed: true });
    expect(read()).toEqual(USER_SETTINGS);
    const none = await pipe('hooks', 'uninstall', 'claude-code');
    expect(none).toMatchObject({ code: 0, stdout: `no Pipe hooks in ${userFile}; nothing changed\n` });
    expect(read()).toEqual(USER_SETTINGS);
  });

  it('removes hooks pasted from the old README too (they read the key from the environment)', async () => {
    mkdirSync(join(home, '.claude'));
    const pasted = {
      hooks: {
        SessionEnd: [
          {
            hooks: [
              { type: 'command', command: claudeCodeHookCommand(), timeout: 10 },
              { type: 'command', command: 'echo bye' },
            ],
          },
        ],
      },
    };
    writeFileSync(userFile, JSON.stringify(pasted));
    expect((await pipe('hooks', 'uninstall', 'claude-code')).code).toBe(0);
    expect(read()).toEqual({ hooks: { SessionEnd: [{ hooks: [{ type: 'command', command: 'echo bye' }] }] } });
  });

  it("installs into the project's .claude/settings.json without the key, which is shared through git", async () => {
    const project = join(home, 'project');
    mkdirSync(project);
    const cwd = process.cwd();
    process.chdir(project);
    try {
      const refused = await pipe('hooks', 'install', 'claude-code', '--project', '--url', URL_, '--key', KEY);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('shared through git');
      expect(existsSync(join(project, '.claude'))).toBe(false);

      const run = await pipe('hooks', 'install', 'claude-code', '--project', '--url', URL_);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('export it where Claude Code runs');
      const file = join(project, '.claude', 'settings.json');
      const commands = Object.values(read(file).hooks).flatMap((groups) => groups.flatMap((g) => g.hooks.map((h) => h.command as string)));
      expect(new Set(commands)).toEqual(new Set([claudeCodeHookCommand({ url: URL_ })]));
      expect(commands[0]).toContain('"Authorization: Bearer $PIPE_API_KEY"');
      expect(existsSync(userFile)).toBe(false);

      expect((await pipe('hooks', 'uninstall', 'claude-code', '--project')).code).toBe(0);
      expect(read(file)).toEqual({});
    } finally {
      process.chdir(cwd);
    }
  });

  it('says a settings file is malformed and changes nothing', async () => {
    mkdirSync(join(home, '.claude'));
    for (const text of ['{ "hooks": { ', '[1, 2]', '{"hooks": {"Stop": {"command": "x"}}}']) {
      writeFileSync(userFile, text);
      const install = await pipe('hooks', 'install', 'claude-code', '--url', URL_, '--key', KEY);
      expect(install.code).toBe(1);
      expect(install.stderr).toMatch(new RegExp(`^pipe: ${userFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*nothing was changed\\n$`));
      const uninstall = await pipe('hooks', 'uninstall', 'claude-code');
      expect(uninstall.code).toBe(1);
      expect(readFileSync(userFile, 'utf8')).toBe(text);
    }
  });

  it('names what is missing: the assistant, the URL or the key', async () => {
    const cases: [string[], RegExp][] = [
      [['hooks', 'install'], /missing required argument 'assistant'/],
      [['hooks', 'install', 'cursor', '--url', URL_, '--key', KEY], /no hooks for 'cursor'/],
      [['hooks', 'install', 'claude-code', '--key', KEY], /hook URL is missing: pass --url or set PIPE_HOOK_URL/],
      [['hooks', 'install', 'claude-code', '--url', 'ftp://x/y', '--key', KEY], /not an http\(s\) URL/],
      [['hooks', 'install', 'claude-code', '--url', URL_], /API key is missing: pass --key or set PIPE_API_KEY/],
      [['hooks', 'uninstall', 'claude-code', '--project', '--settings', 'x.json'], /--project or --settings/],
    ];
    for (const [argv, message] of cases) {
      const run = await pipe(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(existsSync(userFile)).toBe(false);
  });

  it('writes to the file --settings names (e.g. .claude/settings.local.json)', async () => {
    const file = join(home, 'settings.local.json');
    expect((await pipe('hooks', 'install', 'claude-code', '--settings', file, '--url', URL_, '--key', KEY)).code).toBe(0);
    expect(Object.keys(read(file).hooks)).toHaveLength(6);
    expect(existsSync(userFile)).toBe(false);
  });
});
