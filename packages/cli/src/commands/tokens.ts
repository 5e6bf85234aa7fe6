import { type OAuthGrantSummary, listOAuthGrants, revokeOAuthGrant } from '@pipe/db';
import type { CliConfig } from '../config.js';
import { requireTeam } from '../require-team.js';
import { withDb } from '../with-db.js';

/** `pipe tokens list`: the team's OAuth grants (an approved client and the tokens it holds), newest first. */
export async function tokensList(config: CliConfig, team: string): Promise<OAuthGrantSummary[]> {
  return withDb(config, async (db) => {
    await requireTeam(db, team);
    return listOAuthGrants(db, team);
  });
}

/** `pipe tokens revoke`: the grant and every token it issued stop working at once. */
export async function tokensRevoke(config: CliConfig, team: string, grantId: string): Promise<boolean> {
  return withDb(config, async (db) => {
    await requireTeam(db, team);
    return revokeOAuthGrant(db, team, grantId);
  });
}

/** The human form of a grant list. */
export function describeGrants(grants: OAuthGrantSummary[]): string {
  if (grants.length === 0) return 'no OAuth clients signed in';
  return grants
    .map((grant) =>
      [
        grant.id,
        grant.scopes.join(',').padEnd(10),
        `${grant.clientName ?? '(no name)'} <${grant.clientId}>`,
        `by ${grant.email ?? grant.signInLink ?? 'unknown'}`,
        `since ${grant.createdAt.toISOString()}`,
        `${grant.activeTokens} live token${grant.activeTokens === 1 ? '' : 's'}`,
      ].join('  '),
    )
    .join('\n');
}
