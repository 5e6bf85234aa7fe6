import { type CliCommand, UsageError } from '../command.js';
import { teamSetSecret } from './team-set-secret.js';

export const teamSetSecretCommand: CliCommand = {
  words: ['team', 'set-secret'],
  usage: '<team> <platform> (<value> | --generate) [--json]',
  summary:
    'store a platform-issued webhook credential (Slack/Linear signing secret, Discord public key, Notion token), or --generate a new one',
  options: { generate: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  async run({ config, args, values, out }) {
    const [team, platform, value] = args;
    if (!team || !platform) throw new UsageError('the team and the platform are required');
    const stored = await teamSetSecret(config, team, platform, value, values.generate === true);
    if (values.json) out.stdout.write(`${JSON.stringify(stored, null, 2)}\n`);
    else {
      out.stdout.write(`stored the ${stored.platform} secret of team ${stored.team}; running services use it within 30 s\n`);
      out.stdout.write(`${stored.platform} webhook URL  ${stored.url}\n`);
      if (stored.secret) out.stdout.write(`secret (paste it into ${stored.platform}; shown once)  ${stored.secret}\n`);
    }
    return 0;
  },
};
