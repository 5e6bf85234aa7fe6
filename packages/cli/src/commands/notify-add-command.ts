import { type CliCommand, UsageError } from '../command.js';
import { notifyAdd, notifyTeam } from './notify.js';

/** `pipe notify add`: one rule — which changes of the team go where (docs/notifications.md). */
export const notifyAddCommand: CliCommand = {
  words: ['notify', 'add'],
  usage: '<team> --kind slack|discord|telegram|webhook --url <destination> [--secret S] [--chat ID] [--when <filter>] [--json]',
  summary: 'send the team’s changes (those --when matches) to Slack, Discord, Telegram or a signed webhook',
  options: {
    kind: { type: 'string' },
    url: { type: 'string' },
    secret: { type: 'string' },
    chat: { type: 'string' },
    when: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run({ config, env, args, values, out }) {
    if (args.length > 1) throw new UsageError(`one team only; quote the filter: --when "${args.slice(1).join(' ')}"`);
    const added = await notifyAdd(config, env, {
      team: notifyTeam(args[0]),
      kind: values.kind as string | undefined,
      url: values.url as string | undefined,
      secret: values.secret as string | undefined,
      chat: values.chat as string | undefined,
      when: values.when as string | undefined,
    });
    if (values.json) {
      out.stdout.write(`${JSON.stringify(added, null, 2)}\n`);
      return 0;
    }
    out.stdout.write(`rule ${added.id}: ${added.kind} for ${added.team}, when ${added.when || 'any change'}\n`);
    if (added.secret) out.stdout.write(`signing secret (shown once; the receiver verifies Pipe-Signature with it): ${added.secret}\n`);
    return 0;
  },
};
