import type { CliCommand } from '../command.js';
import { notifyResume, notifyTeam } from './notify.js';

/** `pipe notify resume`: a rule paused by a deleted destination (404/410) matches changes again. */
export const notifyResumeCommand: CliCommand = {
  words: ['notify', 'resume'],
  usage: '<team> <rule id> [--json]',
  summary: 'resume a rule paused because its destination answered 404 or 410 (see `pipe notify list`)',
  arguments: [
    { name: 'team', description: 'the team the rule belongs to (acme)' },
    { name: 'rule', description: 'the rule id `pipe notify list` shows (nr_…)' },
  ],
  options: { json: { type: 'boolean', default: false, description: 'print what was resumed as JSON' } },
  examples: [
    { command: 'pipe notify resume acme nr_1a2b3c4d5e6f', does: 'send through that rule again once its webhook is restored' },
    { command: 'pipe notify resume acme nr_1a2b3c4d5e6f --json', does: 'the same, saying as JSON which pause it cleared' },
  ],
  async run({ config, args, values, out }) {
    const team = notifyTeam(args[0]);
    const id = args[1] ?? '';
    const outcome = await notifyResume(config, team, id);
    if (outcome.kind === 'unknown') {
      out.stderr.write(`pipe: team ${team} has no notification rule ${id} (see \`pipe notify list ${team}\`)\n`);
      return 1;
    }
    if (values.json) {
      const resumed = outcome.kind === 'resumed';
      out.stdout.write(
        `${JSON.stringify(
          resumed
            ? { id, team, resumed, pausedAt: outcome.pausedAt, reason: outcome.reason, pending: outcome.pending }
            : { id, team, resumed },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    if (outcome.kind === 'not-paused') {
      out.stdout.write(`${id} is not paused; nothing to do\n`);
      return 0;
    }
    out.stdout.write(`resumed ${id}: cleared the pause of ${outcome.pausedAt.toISOString()} (${outcome.reason})\n`);
    out.stdout.write(
      `it matches new changes again; ${outcome.pending} queued before the pause ${outcome.pending === 1 ? 'is' : 'are'} sent now, those that came while it was paused are not\n`,
    );
    return 0;
  },
};
