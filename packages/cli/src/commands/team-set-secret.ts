import {
  SecretBox,
  createDb,
  ensureDatabaseExists,
  generateWebhookSecret,
  migrateToLatest,
  parseSecretKey,
  setWebhookSecret,
  teamExists,
} from '@pipe/db';
import { STORED_SECRET_PLATFORMS, findPlatformModule } from '@pipe/platforms';
import type { CliConfig } from '../config.js';
import { resolveSecretKey } from '../secret-key.js';
import { publicUrls } from '../service-ports.js';
import { databaseUrlFor } from '../stack-file.js';

/** Platforms whose webhooks are verified with a stored secret (the assistant uses API keys). */
const SETTABLE: readonly string[] = STORED_SECRET_PLATFORMS;

/** What `pipe team set-secret` stored. */
export interface StoredSecret {
  team: string;
  platform: string;
  url: string;
  /** Only when generated here (`--generate`): the secret to paste into the platform. */
  secret?: string;
}

/**
 * `pipe team set-secret <team> <platform> <value>` stores (or rotates) the credential a platform
 * issued — Slack's signing secret, Linear's signing secret, Discord's public key, Notion's
 * verification token — encrypted like every webhook secret; `--generate` makes a new random one
 * instead (GitHub, Jira). Running ingest services pick it up within 30 seconds (their cache).
 */
export async function teamSetSecret(
  config: CliConfig,
  team: string,
  platform: string,
  value: string | undefined,
  generate: boolean,
): Promise<StoredSecret> {
  if (!SETTABLE.includes(platform)) throw new Error(`'${platform}' takes no stored secret; one of: ${SETTABLE.join(', ')}`);
  if (generate && value !== undefined) throw new Error('give either a value or --generate, not both');
  const credential = findPlatformModule(platform)?.webhookCredential;
  if (!generate && (value === undefined || value.trim() === '')) {
    const issued = credential?.kind === 'platform-issued' ? credential.hint : undefined;
    throw new Error(`the value is missing: ${issued ? `pass ${issued}` : 'pass the secret, or --generate for a new one'}`);
  }
  const secret = generate ? generateWebhookSecret() : (value as string).trim();
  const check = credential?.kind === 'platform-issued' ? credential.format : undefined;
  if (check && !check.test.test(secret)) throw new Error(`that is not a ${platform} credential: ${check.says}`);

  const box = new SecretBox(parseSecretKey(resolveSecretKey(config, true)));
  const url = databaseUrlFor(config);
  await ensureDatabaseExists(url);
  const db = createDb({ url, poolSize: 2, applicationName: 'pipe-cli' });
  try {
    await migrateToLatest(db);
    if (!(await teamExists(db, team))) throw new Error(`no team '${team}'; create it with \`pipe team create ${team}\``);
    await setWebhookSecret(db, box, team, platform, secret);
  } finally {
    await db.destroy();
  }
  const webhookUrl = publicUrls(team, config.PIPE_PUBLIC_URL).webhooks[platform] ?? '';
  return { team, platform, url: webhookUrl, ...(generate ? { secret } : {}) };
}
