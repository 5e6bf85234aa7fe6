import { parseArgs } from 'node:util';
import { describeCredentials, teamCreate } from './commands/team-create.js';
import { up } from './commands/up.js';
import { loadCliConfig } from './config.js';

export const HELP = `pipe — Pipe's command line

Usage:
  pipe up                               run the whole stack in the foreground (Ctrl-C stops it)
  pipe team create <slug> [--name N]    create a team: its API key, MCP URL and webhook secrets
                          [--json]      print them as JSON for scripts
  pipe help                             show this help

Environment:
  NATS_URL          NATS to use (default: 127.0.0.1:4222, else \`pipe up\` starts nats-server)
  DATABASE_URL      Postgres to use (default: 127.0.0.1:5432/pipe, else \`pipe up\` starts one)
  PIPE_SECRET_KEY   key that encrypts webhook secrets (default: kept in .pipe/secret.key)
  PIPE_NAMESPACE    prefix for stream names and subjects (default: none)
  PIPE_HOME         where \`pipe up\` keeps its state (default: .pipe)
  PIPE_PUBLIC_URL   public base URL used in printed URLs (default: the local ports)
`;

/** Where a command writes; the process's streams in `bin.ts`, buffers in tests. */
export interface CliOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Runs one `pipe` command and returns its exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: CliOutput = process): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
    args: argv,
    allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, name: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    return usage(out, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, sub, arg] = positionals;
  if (values.help || command === undefined || command === 'help') {
    out.stdout.write(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadCliConfig(env);
  if (command === 'up') return up(config);
  if (command === 'team' && sub === 'create') {
    if (!arg) return usage(out, 'pipe team create <slug>: the team slug is missing');
    const credentials = await teamCreate(config, arg, values.name);
    out.stdout.write(values.json ? `${JSON.stringify(credentials, null, 2)}\n` : `${describeCredentials(credentials)}\n`);
    return 0;
  }
  return usage(out, `unknown command: ${positionals.join(' ')}`);
}

function usage(out: CliOutput, message: string): number {
  out.stderr.write(`pipe: ${message}\n\n${HELP}`);
  return 2;
}

