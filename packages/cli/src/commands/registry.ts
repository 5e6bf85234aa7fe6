import type { CliCommand } from '../command.js';
import { connectCommand } from './connect-command.js';
import { connectionsListCommand, connectionsRemoveCommand } from './connections-commands.js';
import { syncCommand } from './sync-command.js';
import { dlqListCommand, dlqRetryCommand } from './dlq-commands.js';
import { infoCommand } from './info-command.js';
import { hooksInstallCommand, hooksUninstallCommand } from './hooks-commands.js';
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from './keys-commands.js';
import { notifyAddCommand } from './notify-add-command.js';
import { notifyListCommand } from './notify-list-command.js';
import { notifyRemoveCommand } from './notify-remove-command.js';
import { notifyResumeCommand } from './notify-resume-command.js';
import { notifyTestCommand } from './notify-test-command.js';
import { loginLinkCommand } from './login-link-command.js';
import { peopleLinkCommand, peopleUnlinkCommand } from './people-commands.js';
import { replayCommand } from './replay-command.js';
import { statusCommand } from './status-command.js';
import { teamCreateCommand } from './team-create-command.js';
import { teamSetCommand } from './team-set-command.js';
import { teamSetSecretCommand } from './team-set-secret-command.js';
import { tokensListCommand, tokensRevokeCommand } from './tokens-commands.js';
import { upCommand } from './up-command.js';

/** What each group of commands is for (`pipe team --help`); a group without a line lists its commands. */
export const COMMAND_GROUPS: Readonly<Record<string, string>> = {
  team: 'create teams, change their settings and store their webhook secrets',
  people: 'say which platform identities are one person',
  dlq: 'inspect and re-drive events a consumer could not process',
  keys: "create, list and revoke a team's API keys",
  tokens: 'list and revoke the OAuth clients signed in to a team',
  hooks: "install or remove an AI assistant's hooks that record its sessions in Pipe",
  notify: "send a team's changes to Slack, Discord, Telegram or a signed webhook",
  connections: "list or remove a team's platform API connections (pipe connect adds one)",
};

/** Every `pipe` command, in the order `pipe help` lists them. Add a command: one file, one line here. */
export const COMMANDS: readonly CliCommand[] = [
  upCommand,
  infoCommand,
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
  loginLinkCommand,
  tokensListCommand,
  tokensRevokeCommand,
  hooksInstallCommand,
  hooksUninstallCommand,
  notifyAddCommand,
  notifyListCommand,
  notifyRemoveCommand,
  notifyResumeCommand,
  notifyTestCommand,
  connectCommand,
  connectionsListCommand,
  connectionsRemoveCommand,
  syncCommand,
];
