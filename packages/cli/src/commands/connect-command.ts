import { type CliCommand, UsageError } from '../command.js';
import { CONNECTABLE, connectPlatform, describeCredentialError } from './connections.js';

export const connectCommand: CliCommand = {
  words: ['connect'],
  usage: '<team> <platform> --token <credential> [--api-url <base>] [--json]',
  summary: 'store a platform API credential for backfill and sync, checked at once against the platform (docs/backfill.md)',
  arguments: [
    { name: 'team', description: 'the team slug' },
    { name: 'platform', description: `the platform: ${CONNECTABLE.join(', ')}` },
  ],
  options: {
    token: { type: 'string', value: 'credential', description: 'the API credential (docs/backfill.md says which kind and scopes)' },
    'api-url': {
      type: 'string',
      value: 'base',
      description: 'the API base when not the public one: GitHub Enterprise Server (https://host/api/v3), a Jira site',
    },
    json: { type: 'boolean', default: false, description: 'print the result as JSON' },
  },
  examples: [
    { command: 'pipe connect acme github --token ghp_0123456789abcdef', does: 'check and store a GitHub token for acme' },
    {
      command: 'pipe connect acme jira --token me@example.com:ATATT3x --api-url https://acme.atlassian.net',
      does: 'connect a Jira Cloud site with an email and API token',
    },
  ],
  async run({ config, args, values, out }) {
    const [team, platform] = args;
    if (!team || !platform) throw new UsageError('the team and the platform are required');
    try {
      const connected = await connectPlatform(config, {
        team,
        platform,
        token: (values.token as string | undefined) ?? '',
        apiUrl: (values['api-url'] as string | undefined) ?? null,
      });
      if (values.json) out.stdout.write(`${JSON.stringify(connected, null, 2)}\n`);
      else
        out.stdout.write(
          `connected ${platform} for team ${team} as ${connected.account}${connected.scopes ? ` (scopes: ${connected.scopes.join(', ')})` : ''}; sync it with \`pipe sync ${team} ${platform}\`\n`,
        );
      return 0;
    } catch (error) {
      const refused = describeCredentialError(error);
      if (!refused) throw error;
      if (values.json)
        out.stdout.write(`${JSON.stringify({ error: { code: refused.split(':')[0], message: (error as Error).message } }, null, 2)}\n`);
      else out.stderr.write(`pipe: the ${platform} credential was not stored: ${refused}\n`);
      return 1;
    }
  },
};
