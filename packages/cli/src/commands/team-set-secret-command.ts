import { type CliCommand, UsageError } from '../command.js';
import { teamSetSecret } from './team-set-secret.js';

export const teamSetSecretCommand: CliCommand = {
  words: ['team', 'set-secret'],
  usage: '<team> <platform> (<value> | --generate) [--json]',
  summary:
    'store a platform-issued webhook credential (Slack/Linear signing secret, Discord public key, Notion token), or --generate a new one',
  arguments: [
    { name: 'team', description: 'the team slug' },
    { name: 'platform', description: 'slack, linear, notion, discord (platform-issued), or github, jira (Pipe-generated)' },
    { name: 'value', description: 'the credential the platform shows you; leave out with --generate', optional: true },
  ],
  options: {
    generate: { type: 'boolean', default: false, description: 'generate a new secret (GitHub, Jira) and print it once' },
    json: { type: 'boolean', default: false, description: 'print the result as JSON' },
  },
  examples: [
    { command: 'pipe team set-secret acme slack 8f742231b10e8888abcd99yyyzzz85a5', does: "store Slack's signing secret for acme" },
    { command: 'pipe team set-secret acme github --generate', does: 'replace the GitHub webhook secret with a new one' },
  ],
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
