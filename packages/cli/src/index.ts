export { teamCreate, credentialsOf, describeCredentials, type TeamCredentials } from './commands/team-create.js';
export { up } from './commands/up.js';
export { loadCliConfig, type CliConfig } from './config.js';
export { runCli, parseCommandLine, helpText } from './cli.js';
export { buildProgram, EXIT_CODES, type ParsedCommandLine } from './program.js';
export { UnreachableError } from './infrastructure-error.js';
export { UnknownTeamError } from './require-team.js';
export {
  UsageError,
  type CliArgument,
  type CliCommand,
  type CliExample,
  type CliOption,
  type CliOutput,
  type CommandContext,
  type OptionValue,
} from './command.js';
export { COMMANDS } from './commands/registry.js';
