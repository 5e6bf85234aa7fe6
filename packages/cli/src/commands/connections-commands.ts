import { type CliCommand, UsageError } from '../command.js';
import { connectionsList, connectionsRemove, describeConnections } from './connections.js';

export const connectionsListCommand: CliCommand = {
  words: ['connections', 'list'],
  usage: '<team> [--json]',
  summary:
    'list a team’s platform connections: account, status (and the fix when a credential is refused), items synced, last and next sync',
  arguments: [{ name: 'team', description: 'the team slug' }],
  options: { json: { type: 'boolean', default: false, description: 'print the connections as JSON' } },
  examples: [{ command: 'pipe connections list acme', does: 'a table of acme’s connections' }],
  async run({ config, args, values, out }) {
    const [team] = args;
    if (!team) throw new UsageError('the team is required');
    const connections = await connectionsList(config, team);
    out.stdout.write(values.json ? `${JSON.stringify(connections, null, 2)}\n` : describeConnections(connections, team));
    return 0;
  },
};

export const connectionsRemoveCommand: CliCommand = {
  words: ['connections', 'remove'],
  usage: '<team> <platform> [--json]',
  summary: 'forget a team’s API credential for a platform (what was synced stays)',
  arguments: [
    { name: 'team', description: 'the team slug' },
    { name: 'platform', description: 'the connected platform' },
  ],
  options: { json: { type: 'boolean', default: false, description: 'print the result as JSON' } },
  examples: [{ command: 'pipe connections remove acme slack', does: 'forget acme’s Slack token' }],
  async run({ config, args, values, out }) {
    const [team, platform] = args;
    if (!team || !platform) throw new UsageError('the team and the platform are required');
    const removed = await connectionsRemove(config, team, platform);
    if (values.json) out.stdout.write(`${JSON.stringify({ team, platform, removed }, null, 2)}\n`);
    else if (removed) out.stdout.write(`removed the ${platform} connection of team ${team}\n`);
    else out.stderr.write(`pipe: team ${team} has no ${platform} connection\n`);
    return removed ? 0 : 1;
  },
};
