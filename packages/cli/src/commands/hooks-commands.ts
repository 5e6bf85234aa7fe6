import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ClaudeCodeHookTarget } from '@pipe/platforms';
import { type CliArgument, type CliCommand, type CliOption, type CommandContext, UsageError } from '../command.js';
import { httpUrl } from '../option-values.js';
import { type HooksChange, SettingsFileError, installClaudeCodeHooks, uninstallClaudeCodeHooks } from './hooks.js';

/** The assistants whose hooks `pipe hooks` installs. */
const ASSISTANTS = ['claude-code'];

function assistantOf(args: string[]): string {
  const [assistant] = args;
  if (assistant === undefined) throw new UsageError(`name the assistant: ${ASSISTANTS.join(', ')}`);
  if (!ASSISTANTS.includes(assistant))
    throw new UsageError(`no hooks for '${assistant}'; pipe installs hooks for: ${ASSISTANTS.join(', ')}`);
  return assistant;
}

/** The settings file: `--settings <file>`, the project's (`--project`, the current directory) or the user's. */
function settingsFile({ values, env }: CommandContext): { file: string; shared: boolean } {
  if (values.project && values.settings !== undefined) throw new UsageError('give --project or --settings <file>, not both');
  if (typeof values.settings === 'string') return { file: resolve(values.settings), shared: false };
  if (values.project) return { file: join(process.cwd(), '.claude', 'settings.json'), shared: true };
  return { file: join(env.HOME || homedir(), '.claude', 'settings.json'), shared: false };
}

/**
 * Where the hooks post and with which key: flags first, then `PIPE_HOOK_URL` / `PIPE_API_KEY`. A
 * project's settings are shared through git, so they never hold the key: there the hook reads
 * `PIPE_API_KEY` from the environment Claude Code runs in.
 */
function hookTarget({ values, env }: CommandContext, shared: boolean): ClaudeCodeHookTarget {
  const url = (values.url as string | undefined) ?? env.PIPE_HOOK_URL;
  if (!url)
    throw new UsageError(
      "the team's hook URL is missing: pass --url or set PIPE_HOOK_URL (it is webhooks.assistant.url in what `pipe team create` printed)",
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${url} is not a URL; it looks like https://pipe.example.com/webhooks/assistant/<team>`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url ${url} is not an http(s) URL`);
  if (shared) {
    if (values.key !== undefined) {
      throw new UsageError(
        "a project's .claude/settings.json is shared through git, so no key is written into it: drop --key and export PIPE_API_KEY where Claude Code runs",
      );
    }
    return { url };
  }
  const key = (values.key as string | undefined) ?? env.PIPE_API_KEY;
  if (!key)
    throw new UsageError("the team's API key is missing: pass --key or set PIPE_API_KEY (`pipe keys create --team <team>` makes one)");
  if (!/^\S+$/.test(key)) throw new UsageError('the API key holds whitespace; copy it again (it looks like pipe_…)');
  return { url, key };
}

function report(change: HooksChange, json: boolean, note?: string): string {
  if (json) return `${JSON.stringify(change, null, 2)}\n`;
  if (change.action === 'installed') {
    const what = change.changed
      ? `installed Pipe's Claude Code hooks (${change.events.join(', ')}) in ${change.file}`
      : `Pipe's Claude Code hooks are already installed in ${change.file}; nothing changed`;
    return `${what}\n${note === undefined ? '' : `${note}\n`}`;
  }
  return change.removed > 0
    ? `removed Pipe's Claude Code hooks (${change.events.join(', ')}) from ${change.file}\n`
    : `no Pipe hooks in ${change.file}; nothing changed\n`;
}

/** Runs an install or uninstall, turning a bad settings file into a message and exit code 1. */
function settingsCommand(
  context: CommandContext,
  apply: (file: string, shared: boolean) => { change: HooksChange; note?: string },
): number {
  assistantOf(context.args);
  const { file, shared } = settingsFile(context);
  try {
    const { change, note } = apply(file, shared);
    context.out.stdout.write(report(change, context.values.json === true, note));
    return 0;
  } catch (error) {
    if (!(error instanceof SettingsFileError)) throw error;
    context.out.stderr.write(`pipe: ${error.message}\n`);
    return 1;
  }
}

const scopeOptions: Record<string, CliOption> = {
  project: { type: 'boolean', default: false, description: "the project's .claude/settings.json (shared through git; holds no key)" },
  settings: { type: 'string', value: 'file', description: 'this settings file instead of ~/.claude/settings.json' },
  json: { type: 'boolean', default: false, description: 'print what changed as JSON' },
};

const ASSISTANT_ARGUMENT: CliArgument = { name: 'assistant', description: `the assistant: ${ASSISTANTS.join(', ')}` };

export const hooksInstallCommand: CliCommand = {
  words: ['hooks', 'install'],
  usage: 'claude-code [--url U] [--key K] [--project | --settings F] [--json]',
  summary: "install the assistant's hooks in ~/.claude/settings.json (or the project's); idempotent",
  arguments: [ASSISTANT_ARGUMENT],
  options: {
    ...scopeOptions,
    url: {
      type: 'string',
      value: 'url',
      parse: httpUrl,
      description: "the team's assistant webhook URL (default: PIPE_HOOK_URL)",
    },
    key: { type: 'string', value: 'key', description: "the team's API key (default: PIPE_API_KEY)" },
  },
  examples: [
    {
      command: 'pipe hooks install claude-code --url http://127.0.0.1:7407/webhooks/assistant/acme --key pipe_…',
      does: "record this user's Claude Code sessions in team acme",
    },
    { command: 'pipe hooks install claude-code --project', does: "the project's settings; the key comes from PIPE_API_KEY" },
  ],
  async run(context) {
    return settingsCommand(context, (file, shared) => ({
      change: installClaudeCodeHooks(file, hookTarget(context, shared)),
      ...(shared ? { note: 'the hooks read the key from PIPE_API_KEY: export it where Claude Code runs' } : {}),
    }));
  },
};

export const hooksUninstallCommand: CliCommand = {
  words: ['hooks', 'uninstall'],
  usage: 'claude-code [--project | --settings F] [--json]',
  summary: "remove Pipe's hooks from the settings file, and nothing else",
  arguments: [ASSISTANT_ARGUMENT],
  options: scopeOptions,
  examples: [{ command: 'pipe hooks uninstall claude-code', does: "remove Pipe's hooks from ~/.claude/settings.json" }],
  async run(context) {
    return settingsCommand(context, (file) => ({ change: uninstallClaudeCodeHooks(file) }));
  },
};
