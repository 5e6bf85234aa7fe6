import { type CliCommand, UsageError } from '../command.js';
import { describeKeys, keysCreate, keysList, keysRevoke, keysScope, keysTeam } from './keys.js';

export const keysCreateCommand: CliCommand = {
  words: ['keys', 'create'],
  usage: '--team <slug> [--name N] [--scope read|admin] [--json]',
  summary: 'create an API key for a team (scope read unless --scope admin; shown once; stored only hashed)',
  options: {
    team: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
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
  options: { team: { type: 'string' }, json: { type: 'boolean', default: false } },
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
  options: { team: { type: 'string' } },
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
