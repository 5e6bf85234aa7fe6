import type { Kysely } from 'kysely';
import { createApiKey } from './api-keys.js';
import type { Database } from './schema.js';
import type { SecretBox } from './secret-box.js';
import { generateWebhookSecret, setWebhookSecret } from './webhook-secrets.js';

/** Platforms whose webhooks are verified with a shared secret Pipe generates (the user pastes it into the platform). */
export const SECRET_PLATFORMS = ['github', 'jira'] as const;

/**
 * Platforms that issue the credential themselves; the user stores it with
 * `pipe team set-secret <team> <platform> <value>`: Slack's app signing secret, Linear's webhook
 * signing secret, Discord's application public key (hex), Notion's verification token.
 */
export const PLATFORM_ISSUED_SECRETS = {
  slack: "the Slack app's signing secret (Basic Information → App Credentials)",
  linear: "the webhook's signing secret Linear shows (Settings → API → Webhooks)",
  discord: "the application's public key (Developer Portal → General Information), 64 hex characters",
  notion: 'the verification_token Notion sends to the webhook URL when the subscription is created',
} as const;

/** A team that already exists. */
export class TeamExistsError extends Error {
  override readonly name = 'TeamExistsError';
  readonly code = 'TEAM_EXISTS';
}

/** A new team with everything a script needs to connect it: shown once. */
export interface CreatedTeam {
  team: string;
  apiKey: string;
  apiKeyId: string;
  webhookSecrets: Record<string, string>;
}

/** Creates a team, its first API key and a webhook secret per platform, in one transaction. */
export async function createTeam(db: Kysely<Database>, box: SecretBox, slug: string, name = slug): Promise<CreatedTeam> {
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('teams')
      .values({ slug, name })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('slug')
      .executeTakeFirst();
    if (!inserted) throw new TeamExistsError(`team '${slug}' already exists; choose another slug or use its existing keys`);
    const { id, key } = await createApiKey(tx, slug, 'default');
    const webhookSecrets: Record<string, string> = {};
    for (const platform of SECRET_PLATFORMS) {
      webhookSecrets[platform] = generateWebhookSecret();
      await setWebhookSecret(tx, box, slug, platform, webhookSecrets[platform]);
    }
    return { team: slug, apiKey: key, apiKeyId: id, webhookSecrets };
  });
}

/** True when the team exists. */
export async function teamExists(db: Kysely<Database>, slug: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('slug').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}
