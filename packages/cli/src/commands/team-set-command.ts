import { type CliCommand, UsageError } from '../command.js';
import { TEAM_SETTINGS, teamSet } from './team-set.js';

export const teamSetCommand: CliCommand = {
  words: ['team', 'set'],
  usage: '<team> <setting> <value> [--json]',
  summary: `change a team setting (${Object.entries(TEAM_SETTINGS)
    .map(([name, setting]) => `${name} ${setting.values.join('|')}`)
    .join('; ')})`,
  arguments: [
    { name: 'team', description: 'the team slug' },
    { name: 'setting', description: `one of: ${Object.keys(TEAM_SETTINGS).join(', ')}` },
    { name: 'value', description: 'the new value (see the setting)' },
  ],
  options: { json: { type: 'boolean', default: false, description: 'print the result as JSON' } },
  examples: [
    { command: 'pipe team set acme assistant.prompts on', does: "keep the text of acme's developers' prompts to their assistants" },
  ],
  async run({ config, args, values, out }) {
    const [team, setting, value] = args;
    if (!team || !setting || value === undefined) throw new UsageError('the team, the setting and its value are required');
    const result = await teamSet(config, team, setting, value);
    out.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${result.team}: ${result.setting} is ${result.value}\n`);
    return 0;
  },
};
