import { provisionSyncQueue, publishSyncJob } from '@pipe/bus';
import { SecretBox, parseSecretKey } from '@pipe/db';
import { busPublisher } from '@pipe/ingest-kit';
import type { Service, Serving } from '@pipe/service-runtime';
import { RateMeter } from '@pipe/telemetry';
import type { SyncConfig } from './config.js';
import { ConnectionBreakers } from './connection-breakers.js';
import { runLiveFeeds } from './live-feeds.js';
import { runScheduler } from './schedule-syncs.js';
import { runSyncWorkers } from './sync-workers.js';

/**
 * What the sync service does on the shared runtime: provisions the job queue, serves the probes
 * and its `pipe status` registration (throughput: items stored per second), runs the workers and
 * the reconciliation scheduler, and holds the live connections (Discord's Gateway) until the drain.
 */
export async function startSync(service: Service<SyncConfig>): Promise<Serving> {
  const { config, bus, names, db, logger } = service;
  const queue = await provisionSyncQueue(bus.jsm, names, { ackWaitMs: config.SYNC_ACK_WAIT_MS, replicas: config.PIPE_STREAM_REPLICAS });
  const items = new RateMeter('items');
  const breakers = new ConnectionBreakers({ failures: config.SYNC_BREAKER_FAILURES, resetMs: config.SYNC_BREAKER_RESET_MS });
  const serving = await service.serve({ description: 'backfill and reconciliation of connected platforms', throughput: items });
  const deps = {
    db,
    box: new SecretBox(parseSecretKey(config.PIPE_SECRET_KEY)),
    publisher: busPublisher(bus, names),
    breakers,
    logger,
    pauseMs: config.SYNC_BREAKER_RESET_MS,
    intervalMs: config.SYNC_INTERVAL_MS,
    itemsMeter: items,
    retryBaseMs: config.SYNC_RETRY_BASE_MS,
    queueJob: (job: { id: string; team: string; platform: string }) => publishSyncJob(bus.js, names, job),
  };
  service.run(async (stopping) => {
    try {
      await Promise.all([
        runSyncWorkers(deps, { js: bus.js, queue, concurrency: config.SYNC_CONCURRENCY, ackWaitMs: config.SYNC_ACK_WAIT_MS }, stopping),
        runScheduler(
          { db, bus, names, logger },
          { intervalMs: config.SYNC_INTERVAL_MS, fullIntervalMs: config.SYNC_FULL_INTERVAL_MS, windowDays: config.SYNC_WINDOW_DAYS },
          Math.min(config.SYNC_INTERVAL_MS, 30_000),
          stopping,
        ),
        config.SYNC_LIVE_FEEDS === 'true'
          ? runLiveFeeds(
              { ...deps, bus, names, holder: serving.instanceId },
              { leaseMs: config.SYNC_LIVE_LEASE_MS, replicas: config.PIPE_STREAM_REPLICAS },
              stopping,
            )
          : Promise.resolve(),
      ]);
    } finally {
      breakers.shutdown();
    }
  });
  logger.info({ queue: queue.stream, port: serving.port, instance: serving.instanceId }, 'sync started');
  return serving;
}
