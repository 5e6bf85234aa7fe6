import type { CliCommand } from '../command.js';
import { dlqListCommand, dlqRetryCommand } from './dlq-commands.js';
import { hooksInstallCommand, hooksUninstallCommand } from './hooks-commands.js';
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from './keys-commands.js';
import { peopleLinkCommand, peopleUnlinkCommand } from './people-commands.js';
import { replayCommand } from './replay-command.js';
import { statusCommand } from './status-command.js';
import { teamCreateCommand } from './team-create-command.js';
import { teamSetCommand } from './team-set-command.js';
import { teamSetSecretCommand } from './team-set-secret-command.js';
import { upCommand } from './up-command.js';

/** Every `pipe` command, in the order `pipe help` lists them. Add a command: one file, one line here. */
export const COMMANDS: readonly CliCommand[] = [
  upCommand,
  teamCreateCommand,
  teamSetCommand,
  teamSetSecretCommand,
  peopleLinkCommand,
  peopleUnlinkCommand,
  dlqListCommand,
  dlqRetryCommand,
  replayCommand,
  statusCommand,
  keysCreateCommand,
  keysListCommand,
  keysRevokeCommand,
  hooksInstallCommand,
  hooksUninstallCommand,
];
