import { runIngestService } from '@pipe/ingest-kit';
import { githubPlatform } from './github-platform.js';

await runIngestService({ name: 'ingest-github', defaultPort: 7401, platform: githubPlatform });
