import { runIngestService } from '@pipe/ingest-kit';
import { jira } from '@pipe/platforms';

// Everything Jira-specific is the platform module; configuration (PORT default 7403, NATS_URL,
// DATABASE_URL, PIPE_SECRET_KEY, …) is read and validated by the runtime.
await runIngestService({ name: jira.service.name, defaultPort: jira.service.defaultPort, platform: jira.ingest });
