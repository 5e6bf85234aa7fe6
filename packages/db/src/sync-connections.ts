import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema.js';
import type { SecretBox } from './secret-box.js';

type Db = Kysely<Database> | Transaction<Database>;

const context = (team: string, platform: string) => `api-credential:${team}:${platform}`;

/** A connection as listed: never the token. */
export interface SyncConnectionSummary {
  team: string;
  platform: string;
  account: string;
  apiUrl: string | null;
  /** `active`, or `needs_credential` once the platform refused the credential. */
  status: string;
  /** What to do about the status (the `pipe connect` command that fixes it). */
  statusMessage: string | null;
  itemsSynced: number;
  lastSyncAt: Date | null;
  nextSyncAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/** A connection with its credential opened, for the sync service. */
export interface SyncConnection extends SyncConnectionSummary {
  token: string;
}

/** Stores (or replaces) a team's API credential for a platform, sealed; the connection becomes `active` again. */
export async function saveSyncConnection(
  db: Db,
  box: SecretBox,
  connection: { team: string; platform: string; token: string; apiUrl: string | null; account: string },
): Promise<void> {
  const sealed = box.seal(connection.token, context(connection.team, connection.platform));
  const values = {
    sealed_token: sealed,
    api_url: connection.apiUrl,
    account: connection.account,
    status: 'active',
    status_message: null,
    last_error: null,
  };
  await db
    .insertInto('sync_connections')
    .values({ team: connection.team, platform: connection.platform, ...values })
    .onConflict((oc) => oc.columns(['team', 'platform']).doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

/** A team's connections, platform by platform. */
export async function listSyncConnections(db: Db, team?: string): Promise<SyncConnectionSummary[]> {
  let query = db.selectFrom('sync_connections').selectAll().orderBy('team').orderBy('platform');
  if (team !== undefined) query = query.where('team', '=', team);
  return (await query.execute()).map(summary);
}

/** One connection with its token opened; null when the team has not connected the platform. */
export async function getSyncConnection(db: Db, box: SecretBox, team: string, platform: string): Promise<SyncConnection | null> {
  const row = await db
    .selectFrom('sync_connections')
    .selectAll()
    .where('team', '=', team)
    .where('platform', '=', platform)
    .executeTakeFirst();
  return row ? { ...summary(row), token: box.open(row.sealed_token, context(team, platform)) } : null;
}

/** Forgets a connection (and with it the credential); true when there was one. */
export async function removeSyncConnection(db: Db, team: string, platform: string): Promise<boolean> {
  const result = await db.deleteFrom('sync_connections').where('team', '=', team).where('platform', '=', platform).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The platform refused the credential: no job runs on it until `pipe connect` stores a new one. */
export async function markConnectionNeedsCredential(db: Db, team: string, platform: string, message: string): Promise<void> {
  await db
    .updateTable('sync_connections')
    .set({ status: 'needs_credential', status_message: message, last_error: message, updated_at: sql`now()` })
    .where('team', '=', team)
    .where('platform', '=', platform)
    .execute();
}

/** What a finished (or failed) job adds to its connection: items stored, when, the error if any. */
export async function recordConnectionSync(
  db: Db,
  team: string,
  platform: string,
  outcome: { items: number; at: Date; nextAt: Date | null; error: string | null },
): Promise<void> {
  await db
    .updateTable('sync_connections')
    .set({
      items_synced: sql`items_synced + ${outcome.items}`,
      last_sync_at: outcome.at,
      next_sync_at: outcome.nextAt,
      last_error: outcome.error,
      updated_at: sql`now()`,
    })
    .where('team', '=', team)
    .where('platform', '=', platform)
    .execute();
}

/** Active connections whose next scheduled sync is due (or was never planned). */
export async function dueSyncConnections(db: Db, now: Date): Promise<SyncConnectionSummary[]> {
  const rows = await db
    .selectFrom('sync_connections')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('next_sync_at', 'is', null), eb('next_sync_at', '<=', now)]))
    .execute();
  return rows.map(summary);
}

/** Moves a connection's next scheduled sync. */
export async function scheduleConnection(db: Db, team: string, platform: string, nextAt: Date): Promise<void> {
  await db
    .updateTable('sync_connections')
    .set({ next_sync_at: nextAt })
    .where('team', '=', team)
    .where('platform', '=', platform)
    .execute();
}

function summary(row: {
  team: string;
  platform: string;
  account: string;
  api_url: string | null;
  status: string;
  status_message: string | null;
  items_synced: string | number;
  last_sync_at: Date | null;
  next_sync_at: Date | null;
  last_error: string | null;
  created_at: Date;
}): SyncConnectionSummary {
  return {
    team: row.team,
    platform: row.platform,
    account: row.account,
    apiUrl: row.api_url,
    status: row.status,
    statusMessage: row.status_message,
    itemsSynced: Number(row.items_synced),
    lastSyncAt: row.last_sync_at,
    nextSyncAt: row.next_sync_at,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}
