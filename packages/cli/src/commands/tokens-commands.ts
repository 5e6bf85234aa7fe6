import { type CliCommand, type CliOption, UsageError } from '../command.js';
import { teamSlug } from '../option-values.js';
import { keysTeam } from './keys.js';
import { describeGrants, tokensList, tokensRevoke } from './tokens.js';

const TEAM_OPTION: CliOption = {
  type: 'string',
  value: 'slug',
  required: true,
  parse: teamSlug,
  description: 'the team the OAuth clients signed in to',
};

export const tokensListCommand: CliCommand = {
  words: ['tokens', 'list'],
  usage: '--team <slug> [--json]',
  summary: 'list the OAuth clients signed in to a team: client, person, scopes, live tokens',
  options: { team: TEAM_OPTION, json: { type: 'boolean', default: false, description: 'print the grants as JSON' } },
  examples: [{ command: 'pipe tokens list --team acme', does: "acme's signed-in clients: grant id, scopes, client, who, live tokens" }],
  async run({ config, values, out }) {
    const grants = await tokensList(config, keysTeam(values.team));
    out.stdout.write(values.json ? `${JSON.stringify(grants, null, 2)}\n` : `${describeGrants(grants)}\n`);
    return 0;
  },
};

export const tokensRevokeCommand: CliCommand = {
  words: ['tokens', 'revoke'],
  usage: '<grant id> --team <slug>',
  summary: 'revoke an OAuth client’s grant: its access and refresh tokens stop working at once',
  arguments: [{ name: 'grant-id', description: 'the id `pipe tokens list` shows' }],
  options: { team: TEAM_OPTION },
  examples: [{ command: 'pipe tokens revoke Qm9vX2dyYW50 --team acme', does: 'sign that client out of acme at once' }],
  async run({ config, args, values, out }) {
    const [id] = args;
    if (!id) throw new UsageError('the grant id is missing (see `pipe tokens list`)');
    const team = keysTeam(values.team);
    if (!(await tokensRevoke(config, team, id))) {
      out.stderr.write(`pipe: no OAuth grant ${id} in team ${team}\n`);
      return 1;
    }
    out.stdout.write(`revoked ${id}\n`);
    return 0;
  },
};
