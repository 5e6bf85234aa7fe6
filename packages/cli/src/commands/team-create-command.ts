import { type CliCommand, UsageError } from '../command.js';
import { describeCredentials, teamCreate } from './team-create.js';

export const teamCreateCommand: CliCommand = {
  words: ['team', 'create'],
  usage: '<slug> [--name N] [--json]',
  summary: 'create a team: its API key, MCP URL and webhook secrets (--json for scripts)',
  options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run({ config, args, values, out }) {
    const [slug] = args;
    if (!slug) throw new UsageError('the team slug is missing');
    const credentials = await teamCreate(config, slug, values.name as string | undefined);
    out.stdout.write(values.json ? `${JSON.stringify(credentials, null, 2)}\n` : `${describeCredentials(credentials)}\n`);
    return 0;
  },
};
