import { runIngestService } from '@pipe/ingest-kit';
import { discordConfig } from './config.js';
import { discordPlatform } from './discord-platform.js';

await runIngestService({
  name: 'ingest-discord',
  defaultPort: 7406,
  config: discordConfig,
  platform: ({ config }) => discordPlatform({ maxAgeMs: config.DISCORD_MAX_AGE_SECONDS * 1000 }),
});
