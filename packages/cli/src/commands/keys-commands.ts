import { type CliCommand, type CliOption, UsageError } from '../command.js';
import { teamSlug } from '../option-values.js';
import { describeKeys, keysCreate, keysList, keysRevoke, keysScope, keysTeam } from './keys.js';

const TEAM_OPTION: CliOption = {
  type: 'string',
  value: 'slug',
  required: true,
  parse: teamSlug,
  description: 'the team the keys belong to',
};

export const keysCreateCommand: CliCommand = {
  words: ['keys', 'create'],
  usage: '--team <slug> [--name N] [--scope read|admin] [--json]',
  summary: 'create an API key for a team (scope read unless --scope admin; shown once; stored only hashed)',
  options: {
    team: TEAM_OPTION,
    name: { type: 'string', value: 'name', description: 'a name to recognise the key by (default: cli)' },
    scope: {
      type: 'string',
      value: 'scope',
      parse: (text) => keysScope(text),
      description: 'read (the default: every read-only tool) or admin (also what changes things)',
    },
    json: { type: 'boolean', default: false, description: 'print the key as JSON' },
  },
  examples: [
    { command: 'pipe keys create --team acme --name laptop', does: 'a new read key for acme, shown once' },
    { command: 'pipe keys create --team acme --scope admin --json', does: 'an admin key, as JSON' },
  ],
  async run({ config, values, out }) {
    const team = keysTeam(values.team);
    const scope = keysScope(values.scope);
    const created = await keysCreate(config, team, (values.name as string | undefined) ?? 'cli', scope);
    out.stdout.write(
      values.json
        ? `${JSON.stringify(created, null, 2)}\n`
        : `key ${created.id} (${created.scope}) for ${created.team}: ${created.apiKey}   (shown once; keep it)\n`,
    );
    return 0;
  },
};

export const keysListCommand: CliCommand = {
  words: ['keys', 'list'],
  usage: '--team <slug> [--json]',
  summary: 'list a team’s API keys with their scopes (ids and prefixes, never the keys)',
  options: { team: TEAM_OPTION, json: { type: 'boolean', default: false, description: 'print the keys as JSON' } },
  examples: [{ command: 'pipe keys list --team acme', does: "acme's keys: id, prefix, name, scope, when created or revoked" }],
  async run({ config, values, out }) {
    const keys = await keysList(config, keysTeam(values.team));
    out.stdout.write(values.json ? `${JSON.stringify(keys, null, 2)}\n` : `${describeKeys(keys)}\n`);
    return 0;
  },
};

export const keysRevokeCommand: CliCommand = {
  words: ['keys', 'revoke'],
  usage: '<key id> --team <slug>',
  summary: 'revoke an API key; it stops working at once, even in open sessions',
  arguments: [{ name: 'key-id', description: 'the id `pipe keys list` shows' }],
  options: { team: TEAM_OPTION },
  examples: [{ command: 'pipe keys revoke 3f2a9c1e --team acme', does: 'revoke key 3f2a9c1e of acme' }],
  async run({ config, args, values, out }) {
    const [id] = args;
    if (!id) throw new UsageError('the key id is missing (see `pipe keys list`)');
    const team = keysTeam(values.team);
    if (!(await keysRevoke(config, team, id))) {
      out.stderr.write(`pipe: no active key ${id} in team ${team}\n`);
      return 1;
    }
    out.stdout.write(`revoked ${id}\n`);
    return 0;
  },
};
