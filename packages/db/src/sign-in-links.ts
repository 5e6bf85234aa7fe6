import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AccessScope } from './access-scopes.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** How long a sign-in link works when nobody says otherwise: long enough to send it, short enough to leak little. */
export const SIGN_IN_LINK_TTL_MS = 30 * 60_000;

/** A one-time sign-in link as made: the code is shown once and stored only hashed. */
export interface CreatedSignInLink {
  id: string;
  team: string;
  email: string | null;
  scope: AccessScope;
  code: string;
  expiresAt: Date;
}

/** A sign-in link that was just used: who it was made for and the most it may grant. */
export interface RedeemedSignInLink {
  id: string;
  team: string;
  email: string | null;
  scope: AccessScope;
}

const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/**
 * Makes a one-time sign-in link for a team (`pipe login-link`). The code is 32 random bytes, so a
 * fast hash is a safe way to store it; it works once, until `expiresAt`.
 */
export async function createSignInLink(
  db: Db,
  options: { team: string; email?: string | null; scope: AccessScope; ttlMs?: number },
): Promise<CreatedSignInLink> {
  const code = `psi_${randomBytes(32).toString('base64url')}`;
  const id = `lnk_${randomBytes(8).toString('hex')}`;
  const expiresAt = new Date(Date.now() + (options.ttlMs ?? SIGN_IN_LINK_TTL_MS));
  const email = options.email ?? null;
  await db
    .insertInto('oauth_sign_in_links')
    .values({ id, team: options.team, email, scope: options.scope, code_hash: hashCode(code), expires_at: expiresAt })
    .execute();
  return { id, team: options.team, email, scope: options.scope, code, expiresAt };
}

/**
 * Uses a sign-in code: marks it used and returns its link, or null when the code is unknown,
 * expired or already used. One statement, so two people racing with one code cannot both win.
 */
export async function redeemSignInLink(db: Db, code: string): Promise<RedeemedSignInLink | null> {
  const row = await db
    .updateTable('oauth_sign_in_links')
    .set({ used_at: new Date() })
    .where('code_hash', '=', hashCode(code))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning(['id', 'team', 'email', 'scope'])
    .executeTakeFirst();
  return row ?? null;
}

/** A sign-in link by id (the person behind an OAuth grant), or null. */
export async function findSignInLink(db: Db, id: string): Promise<RedeemedSignInLink | null> {
  const row = await db.selectFrom('oauth_sign_in_links').select(['id', 'team', 'email', 'scope']).where('id', '=', id).executeTakeFirst();
  return row ?? null;
}
