import { type CliCommand, UsageError } from '../command.js';
import { withBus } from '../connect-stack.js';
import { listDeadLetters, retryDeadLetter } from './dlq.js';

export const dlqListCommand: CliCommand = {
  words: ['dlq', 'list'],
  usage: '[--json]',
  summary: 'list events a consumer could not process, with their errors',
  options: { json: { type: 'boolean', default: false, description: 'print the dead letters as JSON' } },
  examples: [{ command: 'pipe dlq list', does: 'each dead letter: its id, consumer, event and error' }],
  run: ({ config, values, out }) =>
    withBus(config, async (bus, names) => {
      const letters = await listDeadLetters(bus, names);
      if (values.json) {
        out.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
        return 0;
      }
      if (letters.length === 0) out.stdout.write(`${names.dlq} is empty\n`);
      for (const l of letters) {
        out.stdout.write(
          `${String(l.id).padStart(6)}  ${l.at}  ${l.consumer}  ${l.stream}#${l.streamSeq}  after ${l.deliveries} deliveries\n        ${l.errorName}: ${l.error}\n`,
        );
      }
      return 0;
    }),
};

export const dlqRetryCommand: CliCommand = {
  words: ['dlq', 'retry'],
  usage: '<id>... | --all [--json]',
  summary: 're-drive dead letters into the log (after the fix that makes them apply)',
  arguments: [{ name: 'id', description: 'dead-letter ids from `pipe dlq list`', optional: true, variadic: true }],
  options: {
    all: { type: 'boolean', default: false, description: 'every dead letter' },
    json: { type: 'boolean', default: false, description: 'print the re-driven ids as JSON' },
  },
  examples: [
    { command: 'pipe dlq retry 12 13', does: 're-drive dead letters 12 and 13' },
    { command: 'pipe dlq retry --all', does: 're-drive every dead letter' },
  ],
  run: ({ config, args, values, out }) =>
    withBus(config, async (bus, names) => {
      if (!values.all && args.length === 0) throw new UsageError('name the dead letters to retry (ids from `pipe dlq list`) or pass --all');
      const ids = values.all ? (await listDeadLetters(bus, names)).map((l) => l.id) : args.map(parseId);
      const retried = [];
      for (const id of ids) retried.push(await retryDeadLetter(bus, names, id));
      if (values.json) out.stdout.write(`${JSON.stringify({ retried: retried.map((l) => l.id) })}\n`);
      else out.stdout.write(`re-drove ${retried.length} dead letter(s) into the log\n`);
      return 0;
    }),
};

function parseId(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`'${text}' is not a dead-letter id (a number from \`pipe dlq list\`)`);
  return Number(text);
}
