import { type SecretBox, getWebhookSecret, teamExists } from '@pipe/db';
import type { TeamCredential } from './build-ingest-app.js';

type Db = Parameters<typeof teamExists>[0];

/**
 * Looks a team's credential for a platform up in Postgres: null when the team does not exist,
 * `{ secret: null }` when it exists without a secret for the platform.
 */
export function dbCredentials(db: Db, box: SecretBox, platform: string): (team: string) => Promise<TeamCredential | null> {
  return async (team) => {
    const secret = await getWebhookSecret(db, box, team, platform);
    if (secret !== null) return { secret };
    return (await teamExists(db, team)) ? { secret: null } : null;
  };
}
