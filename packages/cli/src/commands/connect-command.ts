import { type CliCommand, UsageError } from '../command.js';
import { CONNECTABLE, connectPlatform, describeCredentialError } from './connections.js';

export const connectCommand: CliCommand = {
  words: ['connect'],
  usage: `<team> <platform> --token <credential> [--api-url <base>] [--json]   (platform: ${CONNECTABLE.join(', ')})`,
  summary: 'store a platform API credential for backfill and sync, checked at once against the platform (docs/backfill.md)',
  options: { token: { type: 'string' }, 'api-url': { type: 'string' }, json: { type: 'boolean', default: false } },
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
