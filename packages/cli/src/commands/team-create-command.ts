import { type CliCommand, UsageError } from '../command.js';
import { describeCredentials, teamCreate } from './team-create.js';

export const teamCreateCommand: CliCommand = {
  words: ['team', 'create'],
  usage: '<slug> [--name N] [--json]',
  summary: 'create a team: its API key, MCP URL and webhook secrets (--json for scripts)',
  arguments: [{ name: 'slug', description: "the team's id in URLs: lower-case letters, digits and dashes (acme)" }],
  options: {
    name: { type: 'string', value: 'name', description: 'a display name (default: the slug)' },
    json: { type: 'boolean', default: false, description: 'print the credentials as JSON, for scripts' },
  },
  examples: [
    { command: 'pipe team create acme', does: 'create team acme; print its API key, MCP URL and webhook URLs and secrets' },
    { command: "pipe team create acme --name 'Acme Corp' --json", does: 'the same with a display name, as JSON' },
  ],
  async run({ config, args, values, out }) {
    const [slug] = args;
    if (!slug) throw new UsageError('the team slug is missing');
    const credentials = await teamCreate(config, slug, values.name as string | undefined);
    out.stdout.write(values.json ? `${JSON.stringify(credentials, null, 2)}\n` : `${describeCredentials(credentials)}\n`);
    return 0;
  },
};
