import { runIngestService } from '@pipe/ingest-kit';
import { jiraPlatformFor } from './jira-platform.js';

// Configuration (PORT default 7403, NATS_URL, DATABASE_URL, PIPE_SECRET_KEY, …) is read and
// validated by the kit; ingest-jira has no settings of its own.
await runIngestService({ name: 'ingest-jira', defaultPort: 7403, platform: jiraPlatformFor });
