import { runIngestService } from '@pipe/ingest-kit';
import { notion, notionIngest } from '@pipe/platforms';
import { z } from 'zod';

// Everything Notion-specific is the platform module; the service adds where the Notion API is
// (PORT default 7405 and the shared fields are read by the runtime).
await runIngestService({
  name: notion.service.name,
  defaultPort: notion.service.defaultPort,
  platform: ({ config }) => notionIngest({ apiBaseUrl: config.NOTION_API_BASE_URL }),
  config: {
    /** Where the Notion API is; only a test or a proxy changes it. */
    NOTION_API_BASE_URL: z.url({ error: 'must be a URL such as https://api.notion.com' }).default('https://api.notion.com'),
  },
});
