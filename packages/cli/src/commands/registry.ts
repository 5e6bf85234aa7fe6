import type { CliCommand } from '../command.js';
import { teamCreateCommand } from './team-create-command.js';
import { upCommand } from './up-command.js';

/** Every `pipe` command, in the order `pipe help` lists them. Add a command: one file, one line here. */
export const COMMANDS: readonly CliCommand[] = [upCommand, teamCreateCommand];
