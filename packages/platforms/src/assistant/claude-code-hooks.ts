/**
 * The Claude Code hooks that feed ingest-assistant: which hook events are sent, and the command
 * each runs. `pipe hooks install claude-code` merges them into a `settings.json`; the assistant's
 * integration test runs the command against a real ingest-assistant.
 */

/** One hook event Pipe registers, as Claude Code's `settings.json` names it. */
export interface ClaudeCodeHookEvent {
  /** The hook event: `SessionStart`, `PostToolUse`… */
  event: string;
  /** Tool-name matcher (tool events only): `*` sends every tool. */
  matcher?: string;
  /**
   * Runs in the background so Claude never waits. `SessionEnd` is the exception: in the foreground,
   * so it is sent before Claude Code exits.
   */
  async: boolean;
}

/** The hook events Pipe registers, in the order they are written. */
export const CLAUDE_CODE_HOOK_EVENTS: readonly ClaudeCodeHookEvent[] = Object.freeze([
  { event: 'SessionStart', async: true },
  { event: 'UserPromptSubmit', async: true },
  { event: 'PostToolUse', matcher: '*', async: true },
  { event: 'PostToolUseFailure', matcher: '*', async: true },
  { event: 'Stop', async: true },
  { event: 'SessionEnd', async: false },
]);

/** Seconds Claude Code gives the hook command before it stops it (curl itself gives up after 5). */
export const CLAUDE_CODE_HOOK_TIMEOUT_SECONDS = 10;

/**
 * Where the hook posts and with which key: a literal value written into the command, or
 * `undefined` to read `PIPE_HOOK_URL` / `PIPE_API_KEY` from the environment Claude Code runs in
 * (for settings shared through git, which must not hold a key).
 */
export interface ClaudeCodeHookTarget {
  /** ingest-assistant's URL for the team: `https://pipe.example.com/webhooks/assistant/<team>`. */
  url?: string;
  /** The team's API key (`pipe_…`). */
  key?: string;
}

/** A value as one single-quoted shell word. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The hook command: posts the hook input Claude Code writes on stdin to ingest-assistant, with the
 * team's key and, when the project is a git repository, who you are (`git config user.email`), the
 * remote and `HEAD`. It never fails the hook: a Pipe that is down costs only the record.
 */
export function claudeCodeHookCommand(target: ClaudeCodeHookTarget = {}): string {
  const authorization =
    target.key === undefined ? '"Authorization: Bearer $PIPE_API_KEY"' : shellQuote(`Authorization: Bearer ${target.key}`);
  const url = target.url === undefined ? '"$PIPE_HOOK_URL"' : shellQuote(target.url);
  return [
    'curl -sS --max-time 5 -o /dev/null',
    `-H ${authorization}`,
    "-H 'Content-Type: application/json'",
    '-H "X-Pipe-User: $(git config user.email)"',
    '-H "X-Pipe-Git-Remote: $(git remote get-url origin 2>/dev/null)"',
    '-H "X-Pipe-Git-Head: $(git rev-parse HEAD 2>/dev/null)"',
    `--data-binary @- ${url} || true`,
  ].join(' ');
}

/** True for a hook command Pipe installed (or one pasted from an earlier README): it sends Pipe's headers. */
export const isPipeHookCommand = (command: unknown): boolean => typeof command === 'string' && command.includes('X-Pipe-Git-Head');
