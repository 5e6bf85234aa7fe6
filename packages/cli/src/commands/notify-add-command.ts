import type { CliCommand } from '../command.js';
import { httpUrl } from '../option-values.js';
import { notifyAdd, notifyTeam } from './notify.js';

/** `pipe notify add`: one rule — which changes of the team go where (docs/notifications.md). */
export const notifyAddCommand: CliCommand = {
  words: ['notify', 'add'],
  usage: '<team> --kind <kind> [--url U] [--secret S] [--chat ID] [--when F]… [--json]',
  summary: 'send the team’s changes (those --when matches) to Slack, Discord, Telegram or a signed webhook',
  arguments: [{ name: 'team', description: 'the team whose changes are sent (acme)' }],
  options: {
    kind: { type: 'string', value: 'kind', required: true, description: 'slack, discord, telegram or webhook' },
    url: {
      type: 'string',
      value: 'url',
      parse: httpUrl,
      description: 'the Slack or Discord webhook URL, your webhook, or a local Telegram Bot API server',
    },
    secret: {
      type: 'string',
      value: 'secret',
      description: 'the webhook’s signing secret (generated if absent) or the Telegram bot token',
    },
    chat: { type: 'string', value: 'id', description: 'the Telegram chat id' },
    when: {
      type: 'string',
      value: 'filter',
      multiple: true,
      description: 'which changes, e.g. kind:release or edge:CLOSES:jira; repeat it for more terms (default: all)',
    },
    json: { type: 'boolean', default: false, description: 'print the rule as JSON' },
  },
  examples: [
    {
      command: 'pipe notify add acme --kind slack --url https://hooks.slack.com/x --when edge:CLOSES:jira',
      does: 'post in Slack when a PR closes a Jira issue',
    },
    {
      command: 'pipe notify add acme --kind telegram --secret 123456:ABC --chat -1001234 --when state:blocked',
      does: 'Telegram, when an item becomes blocked',
    },
    {
      command: 'pipe notify add acme --kind webhook --url https://bots.example.com/pipe --json',
      does: 'every change to a signed webhook; the secret printed once',
    },
  ],
  async run({ config, env, args, values, out }) {
    const added = await notifyAdd(config, env, {
      team: notifyTeam(args[0]),
      kind: values.kind as string | undefined,
      url: values.url as string | undefined,
      secret: values.secret as string | undefined,
      chat: values.chat as string | undefined,
      when: Array.isArray(values.when) ? values.when.join(' ') : (values.when as string | undefined),
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
