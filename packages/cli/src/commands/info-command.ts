import { existsSync, readFileSync } from 'node:fs';
import { banner } from '../banner.js';
import type { CliCommand } from '../command.js';
import { homePath } from '../config.js';
import type { DemoCredentials } from '../demo-team.js';
import { SERVICES } from '../service-ports.js';
import { readStackFile } from '../stack-file.js';

/** `pipe info`: the banner of the stack `pipe up` runs from this directory, printed again. */
export const infoCommand: CliCommand = {
  words: ['info'],
  usage: '[--json]',
  summary: 'print the running stack’s banner again: console URL, endpoints, demo key, next steps',
  options: { json: { type: 'boolean', default: false, description: 'print the stack file and demo credentials as JSON' } },
  examples: [{ command: 'pipe info', does: 'the console URL and demo key of the stack `pipe up` runs here' }],
  async run({ config, values, out }) {
    const stack = readStackFile(config);
    const demoFile = homePath(config, 'demo.json');
    if (stack === null || !existsSync(demoFile)) {
      out.stderr.write(`pipe: no stack is running from ${config.home}; start one with \`pipe up\` (or set PIPE_HOME to its directory)\n`);
      return 1;
    }
    const demo = JSON.parse(readFileSync(demoFile, 'utf8')) as DemoCredentials;
    if (values.json) {
      out.stdout.write(`${JSON.stringify({ ...stack, demo }, null, 2)}\n`);
      return 0;
    }
    const services = stack.services === undefined ? SERVICES : SERVICES.filter((s) => stack.services?.includes(s.name));
    out.stdout.write(banner(config, { services, demo, natsUrl: stack.natsUrl, databaseUrl: stack.databaseUrl }));
    return 0;
  },
};
