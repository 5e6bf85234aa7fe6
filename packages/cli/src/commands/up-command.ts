import type { CliCommand } from '../command.js';
import { up } from './up.js';

export const upCommand: CliCommand = {
  words: ['up'],
  usage: '',
  summary: 'run the whole stack in the foreground (Ctrl-C drains and stops it)',
  run: ({ config }) => up(config),
};
