import type { CliCommand } from '../command.js';
import { keysScope } from './keys.js';
import { loginLink, loginLinkEmail, loginLinkMinutes, loginLinkTeam } from './login-link.js';

export const loginLinkCommand: CliCommand = {
  words: ['login-link'],
  usage: '<team> [--email E] [--scope read|admin] [--minutes N] [--json]',
  summary: 'a one-time link with which one person signs an MCP client (Claude.ai, ChatGPT, VS Code…) in over OAuth',
  arguments: [{ name: 'team', description: 'the team the person signs in to' }],
  options: {
    email: { type: 'string', value: 'email', description: 'who the link is for; the audit log records it with every call' },
    scope: {
      type: 'string',
      value: 'scope',
      parse: (text) => keysScope(text),
      description: 'the most a client signed in with it may get: read (default) or admin',
    },
    minutes: { type: 'string', value: 'n', description: 'how long the link works, 1 to 1440 (default 30)' },
    json: { type: 'boolean', default: false, description: 'print the link as JSON' },
  },
  examples: [
    { command: 'pipe login-link acme --email ann@example.com', does: 'a read link for Ann, working once for 30 minutes' },
    { command: 'pipe login-link acme --email ops@example.com --scope admin --minutes 10 --json', does: 'an admin link, as JSON' },
  ],
  async run({ config, args, values, out }) {
    const team = loginLinkTeam(args[0]);
    const link = await loginLink(config, {
      team,
      email: loginLinkEmail(values.email),
      scope: keysScope(values.scope),
      minutes: loginLinkMinutes(values.minutes),
    });
    out.stdout.write(
      values.json
        ? `${JSON.stringify(link, null, 2)}\n`
        : [
            `sign-in link ${link.id} for ${link.email ?? 'anyone you give it to'} in team ${link.team} (scope ${link.scope}), works once until ${link.expiresAt}:`,
            `  ${link.url}`,
            'Send it privately. In the assistant, add the connector URL; when Pipe’s sign-in page opens, paste the link and approve.',
            '',
          ].join('\n'),
    );
    return 0;
  },
};
