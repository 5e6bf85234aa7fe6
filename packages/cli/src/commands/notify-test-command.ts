import type { CliCommand } from '../command.js';
import { notifyTeam, notifyTest } from './notify.js';

/** `pipe notify test`: one sample message through every rule of the team; exit 1 when one fails. */
export const notifyTestCommand: CliCommand = {
  words: ['notify', 'test'],
  usage: '<team> [--json]',
  summary: 'send a sample message through each of the team’s rules and report what each destination answered',
  arguments: [{ name: 'team', description: 'the team whose rules are tried (acme)' }],
  options: { json: { type: 'boolean', default: false, description: 'print each rule’s result as JSON' } },
  examples: [{ command: 'pipe notify test acme', does: 'one sample message per rule; exit 1 when a destination refused it' }],
  async run({ config, env, args, values, out }) {
    const results = await notifyTest(config, env, notifyTeam(args[0]));
    if (values.json) out.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else if (results.length === 0) out.stdout.write('no notification rules to test\n');
    else for (const r of results) out.stdout.write(`${r.id}  ${r.kind.padEnd(8)} ${r.ok ? 'ok' : 'FAILED'}: ${r.detail}\n`);
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
