import type { CliCommand } from '../command.js';
import { up } from './up.js';

export const upCommand: CliCommand = {
  words: ['up'],
  usage: '[--json-logs]',
  summary: 'run the whole stack in the foreground (Ctrl-C drains and stops it)',
  options: {
    'json-logs': {
      type: 'boolean',
      default: false,
      description: "print the services' JSON log lines as they are, even on a terminal (the default when output is not a terminal)",
    },
  },
  examples: [
    { command: 'pipe up', does: 'start NATS, Postgres and every service; print the console URL and the demo key once ready' },
    { command: 'pipe up --json-logs | tee pipe.log', does: 'the same with JSON log lines, for a log collector' },
  ],
  run: ({ config, values, out }) => up(config, { jsonLogs: values['json-logs'] === true, out: out.stdout }),
};
