import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { CLAUDE_CODE_HOOK_EVENTS, assistant, claudeCodeHookCommand } from '@pipe/platforms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookFixture } from '@pipe/platforms/testing';

// The hook command `pipe hooks install claude-code` writes, reading the URL and key from the
// environment (as in a project's shared settings); the user-settings form carries them inline.
const command = claudeCodeHookCommand();

/** Runs the hook command as Claude Code does: bash, the input on stdin (async: the server runs in this process). */
function runHook(
  cwd: string,
  input: unknown,
  env: Record<string, string>,
  hook = command,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', hook], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
    child.stdin.end(JSON.stringify(input));
  });
}

describe('the Claude Code hooks `pipe hooks install claude-code` installs', () => {
  let h: IngestHarness;
  let repo: string;
  let url: string;

  beforeAll(async () => {
    h = await createIngestHarness(assistant.ingest, { secret: null });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/webhooks/assistant/${h.team}`;
    // A project as Claude Code would run in: a git repository with a GitHub remote.
    repo = mkdtempSync(join(tmpdir(), 'pipe-hooks-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'mona@example.com');
    git('config', 'user.name', 'Mona');
    git('remote', 'add', 'origin', 'git@github.com:octo/hooks.git');
    git('commit', '-q', '--allow-empty', '-m', 'Fix the cache directory crash');
  });
  afterAll(async () => {
    await h?.cleanup();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('registers every hook event ingest-assistant reads, with the command people pasted before', () => {
    expect(CLAUDE_CODE_HOOK_EVENTS.map((e) => e.event)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PostToolUse',
      'PostToolUseFailure',
      'Stop',
      'SessionEnd',
    ]);
    expect(command).toBe(
      `curl -sS --max-time 5 -o /dev/null -H "Authorization: Bearer $PIPE_API_KEY" -H 'Content-Type: application/json' -H "X-Pipe-User: $(git config user.email)" -H "X-Pipe-Git-Remote: $(git remote get-url origin 2>/dev/null)" -H "X-Pipe-Git-Head: $(git rev-parse HEAD 2>/dev/null)" --data-binary @- "$PIPE_HOOK_URL" || true`,
    );
  });

  it('posts with the URL and key written into the command, as installed in the user settings', async () => {
    const before = await h.storedEvents();
    const run = await runHook(
      repo,
      { ...hookFixture<Record<string, unknown>>('session-start'), session_id: 'inline-session', cwd: repo },
      {},
      claudeCodeHookCommand({ url, key: h.apiKey }),
    );
    expect(run).toEqual({ status: 0, stderr: '' });
    const stored = await h.events(before + 1);
    expect(stored.some((event) => event.type === 'item.observed' && JSON.stringify(event.data).includes('inline-session'))).toBe(true);
  });

  it("posts the hook input with the team key and the repository's context, so a commit links to GitHub", async () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    const input = {
      ...hookFixture<{ tool_response: { stdout?: string } }>('post-tool-use-git-commit'),
      session_id: 'hooks-session',
      cwd: repo,
    };
    input.tool_response.stdout = `[main ${head.slice(0, 7)}] Fix the cache directory crash\n`;
    const before = await h.storedEvents();
    const run = await runHook(repo, input, { PIPE_API_KEY: h.apiKey, PIPE_HOOK_URL: url });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const stored = await h.events(before + 1);
    expect(stored.filter((event) => event.type === 'link.observed').map((event) => event.data)).toEqual([
      { from: 'assistant:session:hooks-session', to: `github:commit:octo/hooks@${head}`, edge: 'PRODUCED', removed: false },
    ]);
    expect(stored[0]).toMatchObject({ type: 'identity.observed', data: { identity: { externalId: 'mona@example.com' } } });
  });

  it('never fails the hook (and so never disturbs Claude Code) with a wrong key', async () => {
    const before = await h.storedEvents();
    const run = await runHook(repo, hookFixture('session-start'), { PIPE_API_KEY: 'pipe_wrong', PIPE_HOOK_URL: url });
    expect(run.status).toBe(0);
    expect(await h.storedEvents()).toBe(before);
  });
});
