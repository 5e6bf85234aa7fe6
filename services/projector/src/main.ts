import { REDACTED_HEADER_PATHS } from '@pipe/platforms';
import { runMain, startService } from '@pipe/service-runtime';
import { loadProjectorConfig, servedPartitions } from './config.js';
import { parseFailpoints } from './failpoints.js';
import { partitionConsumerName, runProjector } from './projector.js';
import { serveProjector } from './projector-instance.js';
import { PartitionStatus } from './partition-status.js';

/** The projector on the service runtime: a probe server, and one loop per served partition until the drain. */
runMain('projector', async () => {
  const config = loadProjectorConfig();
  const failpoints = parseFailpoints(config.PIPE_FAILPOINTS);
  const partitions = servedPartitions(config);
  const service = await startService({
    name: 'projector',
    config,
    drains: 'draining: finishing the batch in hand',
    // Each served partition holds one connection (its lock, on which its batches run); the rest
    // serve readiness checks and whatever else needs one while the partitions hold theirs.
    poolSize: partitions.length * 2 + 2,
    logRedact: REDACTED_HEADER_PATHS,
  });
  const { db, bus, names, logger } = service;
  // A partition reconnecting to Postgres (or stopped for an operator) makes the instance not ready, with the reason.
  const status = new PartitionStatus();
  service.addReadinessCheck(() => status.notReadyReason());
  const serving = await serveProjector(service, {
    consumers: partitions.map((partition) => partitionConsumerName('projector', partition)),
  });
  logger.info({ stream: names.events, partitions, port: serving.port, instance: serving.instanceId }, 'projector started');
  // The drain waits for the batch in hand: committed and acked, then NATS flushes those acks.
  service.run((stopping) =>
    runProjector(
      {
        db,
        bus,
        names,
        logger,
        maxBatch: config.PROJECTOR_BATCH_SIZE,
        maxAttempts: config.PROJECTOR_MAX_ATTEMPTS,
        failpoints,
        partitions,
        status,
      },
      stopping,
    ),
  );
});
