import type { CliCommand } from '../command.js';
import { up } from './up.js';

export const upCommand: CliCommand = {
  words: ['up'],
  usage: '',
  summary: 'run the whole stack in the foreground (Ctrl-C drains and stops it)',
  examples: [{ command: 'pipe up', does: 'start NATS, Postgres and every service; print the endpoints and the demo key' }],
  run: ({ config }) => up(config),
};
