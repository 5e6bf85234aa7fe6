import { SecretBox, createDb, createTeam, ensureDatabaseExists, migrateToLatest, parseSecretKey } from '@pipe/db';
import { GENERATED_SECRET_PLATFORMS, findPlatformModule } from '@pipe/platforms';
import { TeamSlug } from '@pipe/events';
import type { CliConfig } from '../config.js';
import { resolveSecretKey } from '../secret-key.js';
import { publicUrls } from '../service-ports.js';
import { databaseUrlFor } from '../stack-file.js';

/** Everything a script needs to point a platform and an MCP client at a team. */
export interface TeamCredentials {
  team: string;
  apiKey: string;
  mcpUrl: string;
  webhooks: Record<string, WebhookCredential>;
}

/**
 * How to point one platform at Pipe: its URL and, when Pipe generated it, the secret to paste
 * into the platform. When the platform issues the credential itself (Slack, Linear, Discord,
 * Notion), `secret` is null and `setSecret` is the command that stores it; the assistant endpoint
 * takes the team's API key (`auth`).
 */
export interface WebhookCredential {
  url: string;
  secret: string | null;
  /** What the platform issues and where to find it. */
  issuedBy?: string;
  /** The command that stores it. */
  setSecret?: string;
  /** The header the endpoint expects instead of a signature. */
  auth?: string;
}

/** `pipe team create <slug>`: creates the team, its first API key and its webhook secrets. */
export async function teamCreate(config: CliConfig, slug: string, name: string | undefined): Promise<TeamCredentials> {
  const parsed = TeamSlug.safeParse(slug);
  if (!parsed.success) throw new Error(`'${slug}' is not a valid team slug: ${parsed.error.issues[0]?.message}`);
  const box = new SecretBox(parseSecretKey(resolveSecretKey(config, true)));
  const url = databaseUrlFor(config);
  await ensureDatabaseExists(url);
  const db = createDb({ url, poolSize: 2, applicationName: 'pipe-cli' });
  try {
    await migrateToLatest(db);
    const created = await createTeam(db, box, parsed.data, name, GENERATED_SECRET_PLATFORMS);
    return credentialsOf(created.team, created.apiKey, created.webhookSecrets, config.PIPE_PUBLIC_URL);
  } finally {
    await db.destroy();
  }
}

/** The credentials document for a team. */
export function credentialsOf(team: string, apiKey: string, secrets: Record<string, string>, publicBase?: string): TeamCredentials {
  const urls = publicUrls(team, publicBase);
  const webhooks: TeamCredentials['webhooks'] = {};
  for (const [platform, url] of Object.entries(urls.webhooks)) {
    const secret = secrets[platform];
    const credential = findPlatformModule(platform)?.webhookCredential;
    if (secret) webhooks[platform] = { url, secret };
    else if (credential?.kind === 'api-key') webhooks[platform] = { url, secret: null, auth: 'Authorization: Bearer <API key>' };
    else if (credential?.kind === 'platform-issued')
      webhooks[platform] = { url, secret: null, issuedBy: credential.hint, setSecret: `pipe team set-secret ${team} ${platform} <value>` };
    else webhooks[platform] = { url, secret: null, setSecret: `pipe team set-secret ${team} ${platform} --generate` };
  }
  return { team, apiKey, mcpUrl: urls.mcpUrl, webhooks };
}

/** The human form of the credentials. */
export function describeCredentials(credentials: TeamCredentials, keyNote = 'shown once; keep it'): string {
  const lines = [
    `team     ${credentials.team}`,
    `API key  ${credentials.apiKey}   (${keyNote})`,
    `MCP      ${credentials.mcpUrl}   (Authorization: Bearer <API key>)`,
  ];
  for (const [platform, webhook] of Object.entries(credentials.webhooks)) {
    const how = webhook.secret ? `secret ${webhook.secret}` : webhook.auth ? webhook.auth : `then: ${webhook.setSecret}`;
    lines.push(`${platform.padEnd(9)} ${webhook.url}   ${how}`);
  }
  return lines.join('\n');
}
