import { runIngestService } from '@pipe/ingest-kit';
import { slack } from '@pipe/platforms';

// Everything Slack-specific is the platform module; configuration (PORT default 7402, NATS_URL,
// DATABASE_URL, PIPE_SECRET_KEY, …) is read and validated by the runtime.
await runIngestService({ name: slack.service.name, defaultPort: slack.service.defaultPort, platform: slack.ingest });
