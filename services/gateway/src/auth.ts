import { type AccessScope, type Database, findApiKey, grantedScopes } from '@pipe/db';
import type { Kysely } from 'kysely';

/** The caller a valid API key stands for. */
export interface Caller {
  /** The team (tenant) every query of this request is scoped to. */
  team: string;
  /** The key's id (never the key), for logs. */
  keyId: string;
  /** What this request may do (`admin` includes `read`). */
  scopes: readonly AccessScope[];
}

/** Why a request was not authenticated; the message says what to do. */
export type AuthFailure = { ok: false; reason: 'missing' | 'invalid'; message: string };

/** The result of {@link authenticate}. */
export type AuthResult = { ok: true; caller: Caller } | AuthFailure;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  return BEARER.exec(header)?.[1] ?? null;
}

/**
 * Resolves the request's bearer API key to its team. It looks the key up on every request, so a
 * revoked key stops working at once, even inside an open MCP session.
 */
export async function authenticate(db: Kysely<Database>, authorization: string | undefined): Promise<AuthResult> {
  const token = bearerToken(authorization);
  if (token === null) {
    return {
      ok: false,
      reason: 'missing',
      message: 'send your Pipe API key as "Authorization: Bearer <key>"; a team admin can create one with `pipe keys`',
    };
  }
  const key = await findApiKey(db, token);
  if (key === null) {
    return {
      ok: false,
      reason: 'invalid',
      message: 'this API key is unknown or was revoked; ask a team admin for a current key (`pipe keys`)',
    };
  }
  return { ok: true, caller: { team: key.team, keyId: key.id, scopes: grantedScopes(key.scope) } };
}
