import { runIngestService } from '@pipe/ingest-kit';
import { z } from 'zod';
import { notionPlatformFor } from './notion-platform.js';

await runIngestService({
  name: 'ingest-notion',
  defaultPort: 7405,
  platform: notionPlatformFor,
  config: {
    /** Where the Notion API is; only a test or a proxy changes it. */
    NOTION_API_BASE_URL: z.url({ error: 'must be a URL such as https://api.notion.com' }).default('https://api.notion.com'),
  },
});
