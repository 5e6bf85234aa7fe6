import { runIngestService } from '@pipe/ingest-kit';
import { assistant } from '@pipe/platforms';
import { assistantConfig } from './config.js';

// Everything assistant-specific is the platform module (the API-key check, the prompt opt-in it
// looks up, what PIPE_RAW keeps); the service adds its body limit and how long lookups are cached.
await runIngestService({
  name: assistant.service.name,
  defaultPort: assistant.service.defaultPort,
  platform: assistant.ingest,
  config: assistantConfig,
  lookupCacheTtlMs: (config) => config.ASSISTANT_CACHE_TTL_MS,
});
