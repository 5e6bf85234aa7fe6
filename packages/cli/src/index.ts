export { teamCreate, credentialsOf, describeCredentials, type TeamCredentials } from './commands/team-create.js';
export { up } from './commands/up.js';
export { loadCliConfig, type CliConfig } from './config.js';
export { runCli, HELP } from './cli.js';
export { UsageError, type CliCommand, type CliOutput, type CommandContext } from './command.js';
export { COMMANDS } from './commands/registry.js';
