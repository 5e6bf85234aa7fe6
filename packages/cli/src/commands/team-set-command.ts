import { type CliCommand, UsageError } from '../command.js';
import { TEAM_SETTINGS, teamSet } from './team-set.js';

export const teamSetCommand: CliCommand = {
  words: ['team', 'set'],
  usage: '<team> <setting> <value> [--json]',
  summary: `change a team setting (${Object.entries(TEAM_SETTINGS)
    .map(([name, setting]) => `${name} ${setting.values.join('|')}`)
    .join('; ')})`,
  options: { json: { type: 'boolean', default: false } },
  async run({ config, args, values, out }) {
    const [team, setting, value] = args;
    if (!team || !setting || value === undefined) throw new UsageError('the team, the setting and its value are required');
    const result = await teamSet(config, team, setting, value);
    out.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${result.team}: ${result.setting} is ${result.value}\n`);
    return 0;
  },
};
