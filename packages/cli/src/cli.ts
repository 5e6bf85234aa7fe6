import { parseArgs } from 'node:util';
import { type CliCommand, type CliOutput, UsageError } from './command.js';
import { COMMANDS } from './commands/registry.js';
import { loadCliConfig } from './config.js';

const ENVIRONMENT = `Environment:
  NATS_URL          NATS to use (default: 127.0.0.1:4222, else \`pipe up\` starts nats-server)
  DATABASE_URL      Postgres to use (default: 127.0.0.1:5432/pipe, else \`pipe up\` starts one)
  PIPE_SECRET_KEY   key that encrypts webhook secrets (default: kept in .pipe/secret.key)
  PIPE_NAMESPACE    prefix for stream names and subjects (default: none)
  PIPE_HOME         where \`pipe up\` keeps its state (default: .pipe)
  PIPE_PUBLIC_URL   public base URL used in printed URLs (default: the local ports)
`;

const signature = (command: CliCommand) => `pipe ${[...command.words, command.usage].filter(Boolean).join(' ')}`;

/** The whole help text, generated from the command registry. */
export const HELP = `pipe — Pipe's command line

Usage:
${COMMANDS.map((c) => `  ${signature(c).padEnd(44)} ${c.summary}`).join('\n')}
  ${'pipe help'.padEnd(44)} show this help

${ENVIRONMENT}`;

/** Runs one `pipe` command and returns its exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: CliOutput = process): Promise<number> {
  const command = findCommand(argv);
  if (!command) {
    const words = argv.filter((a) => !a.startsWith('-'));
    if (words.length === 0 || words[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
      out.stdout.write(HELP);
      return words.length === 0 && !argv.includes('--help') && !argv.includes('-h') ? 2 : 0;
    }
    return usage(out, `unknown command: ${words.join(' ')}`, HELP);
  }
  const rest = argv.slice(command.words.length);
  const parsed = parseCommandArgs(command, rest);
  if (parsed instanceof Error) return usage(out, parsed.message, `usage: ${signature(command)}\n`);
  if (parsed.values.help) {
    out.stdout.write(`usage: ${signature(command)}\n  ${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run({ config: loadCliConfig(env), args: parsed.positionals, values: parsed.values, out, env });
  } catch (error) {
    if (error instanceof UsageError) return usage(out, `${command.words.join(' ')}: ${error.message}`, `usage: ${signature(command)}\n`);
    throw error;
  }
}

/** The command's options and positionals, or the error `parseArgs` threw (an unknown or malformed option). */
function parseCommandArgs(command: CliCommand, args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function findCommand(argv: string[]): CliCommand | undefined {
  return [...COMMANDS]
    .sort((a, b) => b.words.length - a.words.length)
    .find((command) => command.words.every((word, i) => argv[i] === word));
}

function usage(out: CliOutput, message: string, help: string): number {
  out.stderr.write(`pipe: ${message}\n\n${help}`);
  return 2;
}
