import { runIngestService } from '@pipe/ingest-kit';
import { slackPlatform } from './slack-platform.js';

await runIngestService({ name: 'ingest-slack', defaultPort: 7402, platform: slackPlatform });
