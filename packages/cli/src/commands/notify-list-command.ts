import type { CliCommand } from '../command.js';
import { describeRules, notifyList, notifyTeam } from './notify.js';

/** `pipe notify list`: the team's rules, what they delivered, why any is paused and its dead letters. */
export const notifyListCommand: CliCommand = {
  words: ['notify', 'list'],
  usage: '<team> [--json]',
  summary: 'list the team’s notification rules with deliveries, pauses and dead letters (never their secrets)',
  arguments: [{ name: 'team', description: 'the team whose rules are listed (acme)' }],
  options: { json: { type: 'boolean', default: false, description: 'print the rules as JSON' } },
  examples: [{ command: 'pipe notify list acme', does: "acme's rules: destination host, filter, counts, pauses and dead letters" }],
  async run({ config, args, values, out }) {
    const rules = await notifyList(config, notifyTeam(args[0]));
    out.stdout.write(values.json ? `${JSON.stringify(rules, null, 2)}\n` : `${describeRules(rules)}\n`);
    return 0;
  },
};
