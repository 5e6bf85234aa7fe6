import { SecretBox, createDb, createTeam, ensureDatabaseExists, migrateToLatest, parseSecretKey } from '@pipe/db';
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
  webhooks: Record<string, { url: string; secret: string }>;
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
    const created = await createTeam(db, box, parsed.data, name);
    return credentialsOf(created.team, created.apiKey, created.webhookSecrets, config.PIPE_PUBLIC_URL);
  } finally {
    await db.destroy();
  }
}

/** The credentials document for a team. */
export function credentialsOf(team: string, apiKey: string, secrets: Record<string, string>, publicBase?: string): TeamCredentials {
  const urls = publicUrls(team, publicBase);
  const webhooks: TeamCredentials['webhooks'] = {};
  for (const [platform, secret] of Object.entries(secrets)) {
    webhooks[platform] = { url: urls.webhooks[platform] ?? '', secret };
  }
  return { team, apiKey, mcpUrl: urls.mcpUrl, webhooks };
}

/** The human form of the credentials. */
export function describeCredentials(credentials: TeamCredentials): string {
  const lines = [
    `team     ${credentials.team}`,
    `API key  ${credentials.apiKey}   (shown once; keep it)`,
    `MCP      ${credentials.mcpUrl}   (Authorization: Bearer <API key>)`,
  ];
  for (const [platform, webhook] of Object.entries(credentials.webhooks)) {
    lines.push(`${platform.padEnd(8)} ${webhook.url}   secret ${webhook.secret}`);
  }
  return lines.join('\n');
}
