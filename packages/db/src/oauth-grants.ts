import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * One OAuth authorization as `pipe tokens list` shows it: the client a person approved, the sign-in
 * link they used, the scopes granted, and whether a refresh token still keeps it alive.
 */
export interface OAuthGrantSummary {
  /** The grant's id: `pipe tokens revoke <id>` ends it and every token it issued. */
  id: string;
  team: string;
  clientId: string;
  /** The client's name from its registration or metadata document, when it gave one. */
  clientName: string | null;
  signInLink: string | null;
  email: string | null;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  /** Live access and refresh tokens issued under it. */
  activeTokens: number;
}

/** The account id the authorization server records: the team and the sign-in link, `<team>/<link id>`. */
export function oauthAccountId(team: string, linkId: string): string {
  return `${team}/${linkId}`;
}

/** The team and sign-in link of an account id made by {@link oauthAccountId}. */
export function parseOAuthAccountId(accountId: string): { team: string; linkId: string } | null {
  const slash = accountId.indexOf('/');
  if (slash <= 0) return null;
  return { team: accountId.slice(0, slash), linkId: accountId.slice(slash + 1) };
}

/** A team's OAuth grants, newest first. */
export async function listOAuthGrants(db: Db, team: string): Promise<OAuthGrantSummary[]> {
  const rows = await db
    .selectFrom('oauth_store as g')
    .leftJoin('oauth_store as c', (join) => join.on('c.kind', '=', 'Client').onRef('c.id', '=', sql<string>`g.payload->>'clientId'`))
    .leftJoin('oauth_sign_in_links as l', (join) => join.onRef('l.id', '=', sql<string>`split_part(g.payload->>'accountId', '/', 2)`))
    .select([
      'g.id',
      'g.team',
      sql<string>`g.payload->>'clientId'`.as('client_id'),
      sql<string | null>`c.payload->>'client_name'`.as('client_name'),
      sql<string | null>`nullif(split_part(g.payload->>'accountId', '/', 2), '')`.as('link_id'),
      'l.email',
      sql<unknown>`g.payload->'resources'`.as('resources'),
      'g.created_at',
      'g.expires_at',
      sql<string>`(select count(*) from oauth_store t where t.grant_id = g.id and t.kind in ('AccessToken', 'RefreshToken')
        and t.consumed_at is null and (t.expires_at is null or t.expires_at > now()))`.as('active_tokens'),
    ])
    .where('g.kind', '=', 'Grant')
    .where('g.team', '=', team)
    .where((eb) => eb.or([eb('g.expires_at', 'is', null), eb('g.expires_at', '>', new Date())]))
    .orderBy('g.created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    team,
    clientId: row.client_id,
    clientName: row.client_name,
    signInLink: row.link_id,
    email: row.email,
    scopes: scopesOf(row.resources),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    activeTokens: Number(row.active_tokens),
  }));
}

/** Every scope a grant holds across its resources (`{ "<resource>": "read admin" }`). */
function scopesOf(resources: unknown): string[] {
  if (resources === null || typeof resources !== 'object') return [];
  const scopes = new Set<string>();
  for (const value of Object.values(resources)) {
    if (typeof value === 'string') for (const scope of value.split(' ')) if (scope !== '') scopes.add(scope);
  }
  return [...scopes].sort((a, b) => (a === 'read' ? -1 : b === 'read' ? 1 : a.localeCompare(b)));
}

/**
 * Revokes a team's grant and everything issued under it (codes, access and refresh tokens): they
 * stop working on their next use. Returns false when the team has no such grant.
 */
export async function revokeOAuthGrant(db: Kysely<Database>, team: string, grantId: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const grant = await tx
      .deleteFrom('oauth_store')
      .where('kind', '=', 'Grant')
      .where('id', '=', grantId)
      .where('team', '=', team)
      .returning('id')
      .executeTakeFirst();
    if (grant === undefined) return false;
    await tx.deleteFrom('oauth_store').where('grant_id', '=', grantId).execute();
    return true;
  });
}
