import { connectBus, provisionStreams, publishEvent, streamNames } from '@pipe/bus';
import { SecretBox, createDb, databaseReachable, getWebhookSecret, migrateToLatest, parseSecretKey } from '@pipe/db';
import pino from 'pino';
import { buildApp } from './app.js';
import { loadIngestGithubConfig } from './config.js';
import { cacheSecrets } from './secret-cache.js';

const config = loadIngestGithubConfig();
const logger = pino({ name: 'ingest-github', level: config.LOG_LEVEL, redact: ['req.headers["x-hub-signature-256"]', 'req.headers.authorization'] });
const box = new SecretBox(parseSecretKey(config.PIPE_SECRET_KEY));
const db = createDb({ url: config.DATABASE_URL, applicationName: 'pipe-ingest-github' });
await migrateToLatest(db);
const bus = await connectBus({ url: config.NATS_URL, name: 'pipe-ingest-github' });
const names = streamNames(config.PIPE_NAMESPACE);
await provisionStreams(bus.jsm, names);

const app = buildApp({
  logger,
  bodyLimitBytes: config.INGEST_BODY_LIMIT_BYTES,
  publish: (event, msgId) => publishEvent(bus.js, names, event, { msgId, timeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS }),
  secretFor: cacheSecrets((team) => getWebhookSecret(db, box, team, 'github')),
  notReadyReason: async () => {
    if (bus.nc.isClosed()) return 'the NATS connection is closed';
    return (await databaseReachable(db)) ? null : 'Postgres is unreachable';
  },
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining: no new deliveries, finishing the ones in flight');
    await app.close();
    await bus.nc.drain();
    await db.destroy();
    logger.info('stopped');
  });
}
await app.listen({ port: config.PORT, host: config.HOST });
