import {
  type Database,
  SecretBox,
  type SyncConnectionSummary,
  createDb,
  ensureDatabaseExists,
  listSyncConnections,
  migrateToLatest,
  parseSecretKey,
  removeSyncConnection,
  saveSyncConnection,
  teamExists,
} from '@pipe/db';
import { ApiCredentialError, PLATFORMS, type PlatformApi, findPlatformModule } from '@pipe/platforms';
import type { Kysely } from 'kysely';
import { UsageError } from '../command.js';
import type { CliConfig } from '../config.js';
import { resolveSecretKey } from '../secret-key.js';
import { databaseUrlFor } from '../stack-file.js';

/** The platforms a team can connect (every module with an API side). */
export const CONNECTABLE = PLATFORMS.filter((module) => module.api).map((module) => module.name);

/** The API side of `platform`, or a usage error naming the connectable ones. */
export function platformApi(platform: string): PlatformApi {
  const api = findPlatformModule(platform)?.api;
  if (!api) throw new UsageError(`'${platform}' cannot be connected; one of: ${CONNECTABLE.join(', ')}`);
  return api;
}

/** Opens the database, migrated, checks the team exists, runs `work`, closes. */
export async function withTeamDb<T>(config: CliConfig, team: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const url = databaseUrlFor(config);
  await ensureDatabaseExists(url);
  const db = createDb({ url, poolSize: 2, applicationName: 'pipe-cli' });
  try {
    await migrateToLatest(db);
    if (!(await teamExists(db, team))) throw new Error(`no team '${team}'; create it with \`pipe team create ${team}\``);
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** What `pipe connect` stored. */
export interface ConnectedPlatform {
  team: string;
  platform: string;
  account: string;
  scopes: string[] | null;
  apiUrl: string | null;
}

/**
 * `pipe connect`: asks the platform who the credential is (GitHub `GET /user`, Slack `auth.test`,
 * Jira `myself`, Linear `viewer`, Notion `users/me`, Discord `/users/@me`) and stores it sealed
 * only when the platform accepts it; a refused or under-privileged one is an error naming what is
 * missing, and nothing is stored.
 */
export async function connectPlatform(
  config: CliConfig,
  request: { team: string; platform: string; token: string; apiUrl: string | null },
): Promise<ConnectedPlatform> {
  const api = platformApi(request.platform);
  const token = request.token.trim();
  if (!token) throw new UsageError(`--token is required: ${api.credentialHint}`);
  if (request.apiUrl !== null && !/^https?:\/\/\S+$/.test(request.apiUrl))
    throw new UsageError(`--api-url must be an http(s) URL, such as https://github.example.com/api/v3`);
  const box = new SecretBox(parseSecretKey(resolveSecretKey(config, true)));
  return withTeamDb(config, request.team, async (db) => {
    const verified = await api.checkCredential({ token, apiUrl: request.apiUrl });
    await saveSyncConnection(db, box, {
      team: request.team,
      platform: request.platform,
      token,
      apiUrl: request.apiUrl,
      account: verified.account,
    });
    return { team: request.team, platform: request.platform, account: verified.account, scopes: verified.scopes, apiUrl: request.apiUrl };
  });
}

/** `pipe connections list`: the team's connections, never their credentials. */
export const connectionsList = (config: CliConfig, team: string): Promise<SyncConnectionSummary[]> =>
  withTeamDb(config, team, (db) => listSyncConnections(db, team));

/** `pipe connections remove`: forgets the credential; true when there was one. */
export const connectionsRemove = (config: CliConfig, team: string, platform: string): Promise<boolean> =>
  withTeamDb(config, team, (db) => removeSyncConnection(db, team, platform));

/** The line a credential refusal prints: what the platform said and what to pass instead. */
export function describeCredentialError(error: unknown): string | null {
  return error instanceof ApiCredentialError ? `${error.code}: ${error.message}` : null;
}

/** The human form of a connection list; a connection that needs a new credential says the command that fixes it. */
export function describeConnections(connections: SyncConnectionSummary[], team: string): string {
  if (connections.length === 0) return `team ${team} has no connections; add one with \`pipe connect ${team} <platform> --token …\`\n`;
  const rows = [
    ['PLATFORM', 'ACCOUNT', 'STATUS', 'ITEMS', 'LAST SYNC', 'NEXT SYNC'],
    ...connections.map((c) => [
      c.platform,
      c.account,
      c.status === 'active'
        ? c.lastError
          ? `active (last error: ${c.lastError})`
          : 'active'
        : `${c.status.replace('_', ' ')}: ${c.statusMessage ?? ''}`,
      String(c.itemsSynced),
      c.lastSyncAt?.toISOString() ?? '-',
      c.nextSyncAt?.toISOString() ?? '-',
    ]),
  ];
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return `${rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ')).join('\n')}\n`;
}
