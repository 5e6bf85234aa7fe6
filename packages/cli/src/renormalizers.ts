import { type Database, getAssistantSettings } from '@pipe/db';
import { assistantPlatform } from '@pipe/ingest-assistant';
import { discordPlatform } from '@pipe/ingest-discord';
import { jiraPlatformFor } from '@pipe/ingest-jira';
import { linear } from '@pipe/platforms';
import { normalizeNotionDelivery } from '@pipe/ingest-notion';
import { slack } from '@pipe/platforms';
import { github } from '@pipe/platforms';
import type { Normalizer } from '@pipe/replay';
import type { Kysely } from 'kysely';

/**
 * Today's normaliser of every platform, for `pipe replay --renormalize`. Verification is not
 * repeated (the raw record was verified when it arrived); only the pure normalising step runs —
 * Notion's without re-queueing page fetches, whose results are already events in the log.
 */
export function currentNormalizers(db: Kysely<Database>): Map<string, Normalizer> {
  const jira = jiraPlatformFor({ db });
  const assistant = assistantPlatform({
    // Keys are checked at ingest; a kept delivery was accepted already.
    teamForKey: async () => null,
    storePrompts: async (team) => (await getAssistantSettings(db, team)).storePrompts,
  });
  const discord = discordPlatform();
  return new Map<string, Normalizer>([
    ['github', (d) => github.ingest!.normalize(d)],
    ['slack', (d) => slack.ingest!.normalize(d)],
    ['linear', (d) => linear.ingest!.normalize(d)],
    ['jira', (d) => jira.normalize(d)],
    ['discord', (d) => discord.normalize(d)],
    ['notion', (d) => normalizeNotionDelivery(d)],
    ['assistant', (d) => assistant.normalize(d)],
  ]);
}
