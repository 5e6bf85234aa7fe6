import { type CliCommand, UsageError } from '../command.js';
import { notifyRemove, notifyTeam } from './notify.js';

/** `pipe notify remove`: the rule stops at once; its delivery records go with it. */
export const notifyRemoveCommand: CliCommand = {
  words: ['notify', 'remove'],
  usage: '<team> <rule id>',
  summary: 'remove a notification rule (see `pipe notify list` for ids)',
  async run({ config, args, out }) {
    const team = notifyTeam(args[0]);
    const id = args[1];
    if (!id) throw new UsageError('the rule id is missing (see `pipe notify list <team>`)');
    if (!(await notifyRemove(config, team, id))) {
      out.stderr.write(`pipe: team ${team} has no notification rule ${id}\n`);
      return 1;
    }
    out.stdout.write(`removed ${id}\n`);
    return 0;
  },
};
