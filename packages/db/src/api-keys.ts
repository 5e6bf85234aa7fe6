import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, type Transaction, sql } from 'kysely';
import { type AccessScope, DEFAULT_ACCESS_SCOPE } from './access-scopes.js';
import { fixedStatement, param } from './prepared-statements.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** `pipe_` + 32 random bytes: long enough that a fast hash is a safe way to store it. */
export function generateApiKey(): string {
  return `pipe_${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 of a key, as stored. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A key as listed (never the key itself). */
export interface ApiKeySummary {
  id: string;
  team: string;
  name: string;
  keyPrefix: string;
  /** What the key may do. */
  scope: AccessScope;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Creates a key for a team (`read` unless asked); the returned `key` is the only time it is seen in clear. */
export async function createApiKey(
  db: Db,
  team: string,
  name: string,
  scope: AccessScope = DEFAULT_ACCESS_SCOPE,
): Promise<{ id: string; key: string }> {
  const key = generateApiKey();
  const id = `key_${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('api_keys')
    .values({ id, team, name, key_hash: hashApiKey(key), key_prefix: key.slice(0, 12), scope })
    .execute();
  return { id, key };
}

// Every gateway request looks its key up (so a revocation counts at once): planned once per connection.
const selectApiKey = fixedStatement<ActiveApiKey>(
  'find-api-key-scope',
  sql`select id, team, scope from api_keys where key_hash = ${param(1)} and revoked_at is null`,
);

/** A valid, unrevoked key: its id, team and scope. */
export interface ActiveApiKey {
  id: string;
  team: string;
  scope: AccessScope;
}

/** The valid, unrevoked key a secret stands for, or null. */
export async function findApiKey(db: Db, key: string): Promise<ActiveApiKey | null> {
  const { rows } = await selectApiKey(db, [hashApiKey(key)]);
  return rows[0] ?? null;
}

/** Revokes a key; it stops working at once. Returns false when no such active key exists. */
export async function revokeApiKey(db: Db, team: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('team', '=', team)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A team's keys, newest first. */
export async function listApiKeys(db: Db, team: string): Promise<ApiKeySummary[]> {
  const rows = await db.selectFrom('api_keys').selectAll().where('team', '=', team).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    team: r.team,
    name: r.name,
    keyPrefix: r.key_prefix,
    scope: r.scope,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}
