import { type AccessScope, type Database, findApiKey, grantedScopes } from '@pipe/db';
import type { Kysely } from 'kysely';
import type { AccessTokens } from './oauth/access-tokens.js';

/** The caller a valid API key or OAuth access token stands for. */
export interface Caller {
  /** The team (tenant) every query of this request is scoped to. */
  team: string;
  /** The key's id (never the key), or `grant:<id>` for an OAuth token: for logs, limits and the audit log. */
  keyId: string;
  /** What this request may do (`admin` includes `read`). */
  scopes: readonly AccessScope[];
  /** The OAuth client that made the request (tokens only). */
  clientId?: string;
  /** The sign-in link, and the email it was made for, behind the token (tokens only). */
  signIn?: string;
}

/** Why a request was not authenticated; the message says what to do. */
export type AuthFailure = { ok: false; reason: 'missing' | 'invalid'; message: string };

/** The result of {@link authenticate}. */
export type AuthResult = { ok: true; caller: Caller } | AuthFailure;

/** What {@link authenticate} checks credentials against. */
export interface Authenticator {
  db: Kysely<Database>;
  /** OAuth access tokens; absent when the gateway runs without its authorization server. */
  tokens?: AccessTokens;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Every Pipe API key starts with this (see `generateApiKey`); anything else is an OAuth token. */
const API_KEY_PREFIX = 'pipe_';

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  return BEARER.exec(header)?.[1] ?? null;
}

/**
 * Resolves the request's bearer credential, a team API key or an OAuth access token, to its team
 * and scopes. Both are looked up on every request, so a revoked key or grant stops working at
 * once, even inside an open MCP session.
 */
export async function authenticate(auth: Authenticator, authorization: string | undefined): Promise<AuthResult> {
  const token = bearerToken(authorization);
  if (token === null) {
    return {
      ok: false,
      reason: 'missing',
      message:
        'sign in with OAuth (your MCP client starts it from this answer) or send a Pipe API key as "Authorization: Bearer <key>"; a team admin can create one with `pipe keys`',
    };
  }
  if (!token.startsWith(API_KEY_PREFIX) && auth.tokens !== undefined) {
    const result = await auth.tokens.verify(token);
    if (!result.ok) return { ok: false, reason: 'invalid', message: result.message };
    const { caller } = result;
    return {
      ok: true,
      caller: {
        team: caller.team,
        keyId: `grant:${caller.grantId}`,
        scopes: caller.scopes,
        clientId: caller.clientId,
        signIn: caller.signIn,
      },
    };
  }
  const key = await findApiKey(auth.db, token);
  if (key === null) {
    return {
      ok: false,
      reason: 'invalid',
      message: 'this API key is unknown or was revoked; ask a team admin for a current key (`pipe keys`)',
    };
  }
  return { ok: true, caller: { team: key.team, keyId: key.id, scopes: grantedScopes(key.scope) } };
}
