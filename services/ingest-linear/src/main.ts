import { runIngestService } from '@pipe/ingest-kit';
import { linear } from '@pipe/platforms';

// Everything Linear-specific is the platform module; configuration (PORT default 7404, NATS_URL,
// DATABASE_URL, PIPE_SECRET_KEY, …) is read and validated by the runtime.
await runIngestService({ name: linear.service.name, defaultPort: linear.service.defaultPort, platform: linear.ingest });
