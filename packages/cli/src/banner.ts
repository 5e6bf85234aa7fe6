import { type CliConfig, homePath } from './config.js';
import type { DemoCredentials } from './demo-team.js';
import { credentialsOf, describeCredentials } from './commands/team-create.js';
import { type Service, publicUrls } from './service-ports.js';

/** What the banner shows: the stack's services and the demo team. */
export interface BannerFacts {
  services: readonly Service[];
  demo: DemoCredentials;
  natsUrl: string;
  databaseUrl: string;
}

/** The gateway's base URL: where the console, MCP and the feed are. */
export const gatewayBase = (config: CliConfig): string => publicUrls('demo', config.PIPE_PUBLIC_URL).mcpUrl.replace(/\/mcp$/, '');

/**
 * The "Pipe is up" banner: the console to open and the key to sign in with, the endpoints, and
 * what to do next. `pipe up` prints it once everything is ready; `pipe info` prints it again.
 */
export function banner(config: CliConfig, facts: BannerFacts): string {
  const credentials = credentialsOf(facts.demo.team, facts.demo.apiKey, facts.demo.webhookSecrets, config.PIPE_PUBLIC_URL);
  const base = gatewayBase(config);
  const github = credentials.webhooks.github;
  const hookUrl = credentials.webhooks.assistant?.url;
  const lines = [
    '',
    'Pipe is up.',
    '',
    `  Console   ${base}/   sign in with the demo API key below`,
    `  MCP       ${credentials.mcpUrl}`,
    `  NATS      ${facts.natsUrl}`,
    `  Postgres  ${facts.databaseUrl.replace(/\/\/[^@/]*@/, '//')}`,
    ...chunk(
      facts.services.map((s) => `${s.name} :${s.port}`),
      4,
    ).map((row, i) => `  ${i === 0 ? 'Services' : '        '}  ${row.join(', ')}`),
    '            each answers /health, /ready and /metrics',
    '',
    `Demo team (kept in ${homePath(config, 'demo.json')}):`,
    ...describeCredentials(credentials, 'sign in to the console with it')
      .split('\n')
      .map((line) => `  ${line}`),
    '',
    'Next:',
    `  1. Open ${base}/ and sign in with the API key above.`,
    `  2. Point a GitHub repository's webhook at ${github?.url ?? '(the github URL above)'} (content type application/json,`,
    '     the github secret above) and watch its events arrive in the console.',
    `  3. Connect Claude Code: claude mcp add --transport http pipe ${credentials.mcpUrl} --header "Authorization: Bearer ${credentials.apiKey}"`,
    ...(hookUrl === undefined
      ? []
      : [`  4. Record your Claude Code sessions: npx pipe hooks install claude-code --url ${hookUrl} --key ${credentials.apiKey}`]),
    '',
    '`pipe info` prints this again; `pipe status` shows every service instance; Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < list.length; i += size) rows.push(list.slice(i, i + size));
  return rows;
}
