import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  type Database,
  type SecretBox,
  SecretOpenError,
  createApiKey,
  createTeam,
  findApiKey,
  generateWebhookSecret,
  getWebhookSecret,
  setWebhookSecret,
  teamExists,
} from '@pipe/db';
import { GENERATED_SECRET_PLATFORMS } from '@pipe/platforms';
import type { Kysely } from 'kysely';
import { type CliConfig, homePath } from './config.js';

/** The demo team's credentials, kept in `.pipe/demo.json` since keys are stored only hashed. */
export interface DemoCredentials {
  team: string;
  apiKey: string;
  webhookSecrets: Record<string, string>;
}

export const DEMO_TEAM = 'demo';

/**
 * The `demo` team `pipe up` prints: created on first run; later runs reuse the saved key while it
 * still works, and issue a new one otherwise (the old one cannot be shown again).
 */
export async function ensureDemoTeam(db: Kysely<Database>, box: SecretBox, config: CliConfig): Promise<DemoCredentials> {
  const file = homePath(config, 'demo.json');
  if (!(await teamExists(db, DEMO_TEAM))) {
    const created = await createTeam(db, box, DEMO_TEAM, 'Demo', GENERATED_SECRET_PLATFORMS);
    return save(file, { team: DEMO_TEAM, apiKey: created.apiKey, webhookSecrets: created.webhookSecrets });
  }
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
    if (await findApiKey(db, saved.apiKey)) return saved;
  }
  const { key } = await createApiKey(db, DEMO_TEAM, 'pipe up');
  return save(file, { team: DEMO_TEAM, apiKey: key, webhookSecrets: { github: await demoGithubSecret(db, box) } });
}

/**
 * The demo team's GitHub secret. One sealed with another key (a fresh clone with a new
 * `.pipe/secret.key` on a database an earlier checkout set up) cannot be opened: the demo team
 * gets a new one rather than `pipe up` failing.
 */
async function demoGithubSecret(db: Kysely<Database>, box: SecretBox): Promise<string> {
  try {
    const stored = await getWebhookSecret(db, box, DEMO_TEAM, 'github');
    if (stored) return stored;
  } catch (error) {
    if (!(error instanceof SecretOpenError)) throw error;
  }
  const secret = generateWebhookSecret();
  await setWebhookSecret(db, box, DEMO_TEAM, 'github', secret);
  return secret;
}

function save(file: string, credentials: DemoCredentials): DemoCredentials {
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
