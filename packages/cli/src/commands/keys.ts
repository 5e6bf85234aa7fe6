import {
  ACCESS_SCOPES,
  type AccessScope,
  type ApiKeySummary,
  DEFAULT_ACCESS_SCOPE,
  createApiKey,
  isAccessScope,
  listApiKeys,
  revokeApiKey,
} from '@pipe/db';
import { TeamSlug } from '@pipe/events';
import { UsageError } from '../command.js';
import type { CliConfig } from '../config.js';
import { requireTeam } from '../require-team.js';
import { withDb } from '../with-db.js';

/** The team named by `--team`, validated. */
export function keysTeam(value: unknown): string {
  const team = TeamSlug.safeParse(value);
  if (!team.success) throw new UsageError('--team <slug> is required: the team the key belongs to');
  return team.data;
}

/** The scope named by `--scope` (default `read`), validated. */
export function keysScope(value: unknown): AccessScope {
  if (value === undefined) return DEFAULT_ACCESS_SCOPE;
  if (isAccessScope(value)) return value;
  throw new UsageError(
    `--scope must be one of ${ACCESS_SCOPES.join(', ')}, not '${String(value)}': read for every read-only tool, admin for what changes things`,
  );
}

/** `pipe keys create`: a new key for the team; the key is returned once and stored only hashed. */
export async function keysCreate(
  config: CliConfig,
  team: string,
  name: string,
  scope: AccessScope = DEFAULT_ACCESS_SCOPE,
): Promise<{ id: string; team: string; name: string; scope: AccessScope; apiKey: string }> {
  return withDb(config, async (db) => {
    await requireTeam(db, team);
    const { id, key } = await createApiKey(db, team, name, scope);
    return { id, team, name, scope, apiKey: key };
  });
}

/** `pipe keys list`: the team's keys, newest first (prefixes only, never the keys). */
export async function keysList(config: CliConfig, team: string): Promise<ApiKeySummary[]> {
  return withDb(config, async (db) => {
    await requireTeam(db, team);
    return listApiKeys(db, team);
  });
}

/** `pipe keys revoke`: the key stops working at once, including in open MCP sessions. */
export async function keysRevoke(config: CliConfig, team: string, id: string): Promise<boolean> {
  return withDb(config, async (db) => {
    await requireTeam(db, team);
    return revokeApiKey(db, team, id);
  });
}

/** The human form of a key list. */
export function describeKeys(keys: ApiKeySummary[]): string {
  if (keys.length === 0) return 'no keys';
  return keys
    .map(
      (key) =>
        `${key.id}  ${key.keyPrefix}…  ${key.scope.padEnd(5)}  ${key.name.padEnd(16)} created ${key.createdAt.toISOString()}${key.revokedAt ? `  REVOKED ${key.revokedAt.toISOString()}` : ''}`,
    )
    .join('\n');
}
