#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { up } from './commands/up.js';
import { describeCredentials, teamCreate } from './commands/team-create.js';
import { loadCliConfig } from './config.js';

const HELP = `pipe — Pipe's command line

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

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, name: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [command, sub, arg] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadCliConfig();
  if (command === 'up') return up(config);
  if (command === 'team' && sub === 'create') {
    if (!arg) return usage('pipe team create <slug>: the team slug is missing');
    const credentials = await teamCreate(config, arg, values.name);
    process.stdout.write(values.json ? `${JSON.stringify(credentials, null, 2)}\n` : `${describeCredentials(credentials)}\n`);
    return 0;
  }
  return usage(`unknown command: ${positionals.join(' ')}`);
}

function usage(message: string): number {
  process.stderr.write(`pipe: ${message}\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`pipe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
