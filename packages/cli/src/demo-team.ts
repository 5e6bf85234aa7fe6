import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Database, type SecretBox, createApiKey, createTeam, findApiKey, getWebhookSecret, teamExists } from '@pipe/db';
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
    const created = await createTeam(db, box, DEMO_TEAM, 'Demo');
    return save(file, { team: DEMO_TEAM, apiKey: created.apiKey, webhookSecrets: created.webhookSecrets });
  }
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
    if (await findApiKey(db, saved.apiKey)) return saved;
  }
  const { key } = await createApiKey(db, DEMO_TEAM, 'pipe up');
  const github = await getWebhookSecret(db, box, DEMO_TEAM, 'github');
  return save(file, { team: DEMO_TEAM, apiKey: key, webhookSecrets: github ? { github } : {} });
}

function save(file: string, credentials: DemoCredentials): DemoCredentials {
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
