import type { Kysely } from 'kysely';
import { createApiKey } from './api-keys.js';
import type { Database } from './schema.js';
import type { SecretBox } from './secret-box.js';
import { generateWebhookSecret, setWebhookSecret } from './webhook-secrets.js';

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

/**
 * Creates a team, its first API key and a generated webhook secret for each of `generatedSecrets`,
 * in one transaction. Which platforms take a generated secret is the platform modules' knowledge
 * (`GENERATED_SECRET_PLATFORMS` in @pipe/platforms): the storage layer sits below them, so the
 * caller passes the list.
 */
export async function createTeam(
  db: Kysely<Database>,
  box: SecretBox,
  slug: string,
  name = slug,
  generatedSecrets: readonly string[] = [],
): Promise<CreatedTeam> {
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
    for (const platform of generatedSecrets) {
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
