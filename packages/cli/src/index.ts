export { teamCreate, credentialsOf, describeCredentials, type TeamCredentials } from './commands/team-create.js';
export { up } from './commands/up.js';
export { loadCliConfig, type CliConfig } from './config.js';
export { runCli, HELP, type CliOutput } from './cli.js';
