import { runIngestService } from '@pipe/ingest-kit';
import { github } from '@pipe/platforms';

// Everything GitHub-specific is the platform module; configuration (PORT default 7401, NATS_URL,
// DATABASE_URL, PIPE_SECRET_KEY, …) is read and validated by the runtime.
await runIngestService({ name: github.service.name, defaultPort: github.service.defaultPort, platform: github.ingest });
