import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { SecretBox } from './secret-box.js';

type Db = Kysely<Database> | Transaction<Database>;

const context = (team: string, platform: string) => `webhook-secret:${team}:${platform}`;

/** A new random webhook signing secret. */
export const generateWebhookSecret = (): string => randomBytes(32).toString('hex');

/** Stores (or replaces) a team's signing secret for a platform, encrypted. */
export async function setWebhookSecret(db: Db, box: SecretBox, team: string, platform: string, secret: string): Promise<void> {
  const sealed = box.seal(secret, context(team, platform));
  await db
    .insertInto('webhook_secrets')
    .values({ team, platform, sealed_secret: sealed })
    .onConflict((oc) => oc.columns(['team', 'platform']).doUpdateSet({ sealed_secret: sealed, created_at: new Date() }))
    .execute();
}

/** A team's signing secret for a platform, decrypted; null when the team has none. */
export async function getWebhookSecret(db: Db, box: SecretBox, team: string, platform: string): Promise<string | null> {
  const row = await db
    .selectFrom('webhook_secrets')
    .select('sealed_secret')
    .where('team', '=', team)
    .where('platform', '=', platform)
    .executeTakeFirst();
  return row ? box.open(row.sealed_secret, context(team, platform)) : null;
}
