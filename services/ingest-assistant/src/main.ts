import { connectBus, provisionStreams, streamNames } from '@pipe/bus';
import { loadConfig } from '@pipe/config';
import { SecretBox, createDb, databaseReachable, findApiKey, getAssistantSettings, migrateToLatest, parseSecretKey } from '@pipe/db';
import { buildIngestApp, busPublisher, cacheByTeam, dbCredentials, dbIngestIo, registerIngestInstance } from '@pipe/ingest-kit';
import { REDACTED_HEADER_PATHS } from '@pipe/platforms';
import { collectProcessMetrics, createLogger, drainHttp, packageVersion, startTelemetry } from '@pipe/telemetry';
import { assistantPlatform } from './assistant-platform.js';
import { IngestAssistantConfig } from './config.js';
import { minimizingPublisher } from './minimizing-publisher.js';

// The kit's runIngestService builds its own publisher; this service wraps it so PIPE_RAW never
// holds prompt text (unless opted in), file contents or tool output. Otherwise the same steps.
const config = loadConfig('ingest-assistant', IngestAssistantConfig);
const version = packageVersion(import.meta.url);
const telemetry = startTelemetry({ service: 'ingest-assistant', version });
collectProcessMetrics();
const logger = createLogger({ name: 'ingest-assistant', level: config.LOG_LEVEL, redact: REDACTED_HEADER_PATHS });
const box = new SecretBox(parseSecretKey(config.PIPE_SECRET_KEY));
const db = createDb({ url: config.DATABASE_URL, applicationName: 'pipe-ingest-assistant' });
await migrateToLatest(db);
const bus = await connectBus({ url: config.NATS_URL, name: 'pipe-ingest-assistant' });
const names = streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS);
await provisionStreams(bus.jsm, names, undefined, { replicas: config.PIPE_STREAM_REPLICAS });

const storePrompts = cacheByTeam(async (team) => (await getAssistantSettings(db, team)).storePrompts, config.ASSISTANT_CACHE_TTL_MS);
const teamForKey = cacheByTeam(async (key) => (await findApiKey(db, key))?.team ?? null, config.ASSISTANT_CACHE_TTL_MS);
let draining = false;
const notReadyReason = async (): Promise<string | null> => {
  if (draining) return 'draining: the service is stopping';
  if (bus.nc.isClosed()) return 'the NATS connection is closed';
  return (await databaseReachable(db)) ? null : 'Postgres is unreachable';
};
const publisher = busPublisher(bus, names, { timeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS });
const app = buildIngestApp(assistantPlatform({ teamForKey, storePrompts }), {
  logger,
  bodyLimitBytes: config.INGEST_BODY_LIMIT_BYTES,
  publisher: minimizingPublisher(publisher, storePrompts),
  io: dbIngestIo(db, box, publisher, logger),
  credentialFor: cacheByTeam(dbCredentials(db, box, 'assistant')),
  notReadyReason,
});

let instance: Awaited<ReturnType<typeof registerIngestInstance>> | undefined;
let stopped = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    if (stopped) return;
    stopped = true;
    draining = true;
    logger.info({ signal }, 'draining: no new deliveries, finishing the ones in flight');
    await instance?.stop().catch(() => undefined);
    await drainHttp(app);
    await bus.nc.drain();
    await db.destroy();
    logger.info('stopped');
    await telemetry.shutdown();
  });
}
await app.listen({ port: config.PORT, host: config.HOST });
instance = await registerIngestInstance(bus.nc, {
  service: 'ingest-assistant',
  version,
  namespace: config.PIPE_NAMESPACE,
  platform: 'assistant',
  notReadyReason,
  draining: () => draining,
});
