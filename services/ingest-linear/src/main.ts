import { runIngestService } from '@pipe/ingest-kit';
import { linearPlatform } from './linear-platform.js';

// Configuration (PORT default 7404, NATS_URL, DATABASE_URL, PIPE_SECRET_KEY, …) is read and
// validated by the kit; ingest-linear has no settings of its own.
await runIngestService({ name: 'ingest-linear', defaultPort: 7404, platform: linearPlatform });
