import { connectBus, provisionStreams, streamNames } from '@pipe/bus';
import { createDb, migrateToLatest } from '@pipe/db';
import { REDACTED_HEADER_PATHS } from '@pipe/platforms';
import { collectProcessMetrics, createLogger, packageVersion, startTelemetry } from '@pipe/telemetry';
import { loadProjectorConfig, servedPartitions } from './config.js';
import { parseFailpoints } from './failpoints.js';
import { partitionConsumerName, runProjector } from './projector.js';
import { startProjectorInstance } from './projector-instance.js';

const config = loadProjectorConfig();
const failpoints = parseFailpoints(config.PIPE_FAILPOINTS);
const partitions = servedPartitions(config);
const version = packageVersion(import.meta.url);
const telemetry = startTelemetry({ service: 'projector', version });
collectProcessMetrics();
const logger = createLogger({ name: 'projector', level: config.LOG_LEVEL, redact: REDACTED_HEADER_PATHS });
// Each served partition holds one connection for its lock and uses another for its batches.
const db = createDb({ url: config.DATABASE_URL, applicationName: 'pipe-projector', poolSize: partitions.length * 2 + 2 });
await migrateToLatest(db);
const bus = await connectBus({ url: config.NATS_URL, name: 'pipe-projector' });
const names = streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS);
await provisionStreams(bus.jsm, names, undefined, { replicas: config.PIPE_STREAM_REPLICAS });

const stop = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'draining: finishing the batch in hand');
    stop.abort();
  });
}
const consumers = partitions.map((partition) => partitionConsumerName('projector', partition));
const instance = await startProjectorInstance({ bus, names, db, consumers, namespace: config.PIPE_NAMESPACE, version, port: config.PORT, host: config.HOST, stopping: stop.signal });
logger.info({ stream: names.events, partitions, port: instance.probePort, instance: instance.instanceId }, 'projector started');
try {
  await runProjector({ db, bus, names, logger, maxBatch: config.PROJECTOR_BATCH_SIZE, maxAttempts: config.PROJECTOR_MAX_ATTEMPTS, failpoints, partitions }, stop.signal);
} catch (error) {
  if (!stop.signal.aborted) {
    logger.fatal({ error: String(error) }, 'projector stopped');
    process.exitCode = 1;
  }
} finally {
  // The batch in hand is committed and acked by now; the drain flushes those acks.
  await instance.close();
  await bus.nc.drain();
  await db.destroy();
  logger.info('projector stopped');
  await telemetry.shutdown();
}
