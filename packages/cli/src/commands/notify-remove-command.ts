import type { CliCommand } from '../command.js';
import { notifyRemove, notifyTeam } from './notify.js';

/** `pipe notify remove`: the rule stops at once; its delivery records go with it. */
export const notifyRemoveCommand: CliCommand = {
  words: ['notify', 'remove'],
  usage: '<team> <rule id>',
  summary: 'remove a notification rule (see `pipe notify list` for ids)',
  arguments: [
    { name: 'team', description: 'the team the rule belongs to (acme)' },
    { name: 'rule', description: 'the rule id `pipe notify list` shows (nr_…)' },
  ],
  examples: [{ command: 'pipe notify remove acme nr_1a2b3c4d5e6f', does: 'stop sending through that rule' }],
  async run({ config, args, out }) {
    const team = notifyTeam(args[0]);
    const id = args[1] ?? '';
    if (!(await notifyRemove(config, team, id))) {
      out.stderr.write(`pipe: team ${team} has no notification rule ${id}\n`);
      return 1;
    }
    out.stdout.write(`removed ${id}\n`);
    return 0;
  },
};
