import { SecretBox, parseSecretKey } from '@pipe/db';
import { Sender } from '@pipe/notify';
import { runMain, startService } from '@pipe/service-runtime';
import { loadNotifierConfig } from './config.js';
import { NOTIFIER_CONSUMER, deliveredChanges, runNotifier } from './notifier.js';

/** The notifier on the service runtime: a probe server, the intake of PIPE_CHANGES and the dispatcher, until the drain. */
runMain('notifier', async () => {
  const config = loadNotifierConfig();
  const service = await startService({ name: 'notifier', config, drains: 'draining: finishing the requests in flight' });
  const { db, bus, names, logger } = service;
  const sender = new Sender({ allowPrivateTargets: config.PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS, timeoutMs: config.NOTIFIER_TIMEOUT_MS });
  let lag: number | null = null;
  const sampler = setInterval(() => {
    void bus.jsm.consumers.info(names.changes, NOTIFIER_CONSUMER).then(
      (info) => (lag = info.num_pending + info.num_ack_pending),
      () => undefined,
    );
  }, 5000);
  sampler.unref();
  const serving = await service.serve({
    description: 'Pipe notifier: PIPE_CHANGES to Slack, Discord, Telegram and webhooks',
    throughput: deliveredChanges,
    lag: () => lag,
  });
  logger.info(
    {
      stream: names.changes,
      port: serving.port,
      instance: serving.instanceId,
      allowPrivateTargets: config.PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS,
    },
    'notifier started',
  );
  service.run(async (stopping) => {
    try {
      await runNotifier(
        {
          db,
          bus,
          names,
          box: new SecretBox(parseSecretKey(config.PIPE_SECRET_KEY)),
          sender,
          logger,
          maxAttempts: config.NOTIFIER_MAX_ATTEMPTS,
          retryBaseMs: config.NOTIFIER_RETRY_BASE_MS,
          mergeWindowMs: config.NOTIFIER_MERGE_WINDOW_MS,
          breakerResetMs: config.NOTIFIER_BREAKER_RESET_MS,
          ackWaitMs: config.NOTIFIER_ACK_WAIT_MS,
        },
        stopping,
      );
    } finally {
      clearInterval(sampler);
      await sender.close();
    }
  });
});
