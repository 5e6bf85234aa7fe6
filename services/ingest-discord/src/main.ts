import { runIngestService } from '@pipe/ingest-kit';
import { discord, discordIngest } from '@pipe/platforms';
import { discordConfig } from './config.js';

// Everything Discord-specific is the platform module; the service adds its one setting, how old
// a signed delivery may be (PORT default 7406 and the shared fields are read by the runtime).
await runIngestService({
  name: discord.service.name,
  defaultPort: discord.service.defaultPort,
  config: discordConfig,
  platform: ({ config }) => discordIngest({ maxAgeMs: config.DISCORD_MAX_AGE_SECONDS * 1000 }),
});
