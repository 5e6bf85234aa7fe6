import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { SyncQueueNames } from '@pipe/bus';
import { type SyncJobDeps, runSyncJob } from './run-sync-job.js';

/** Options of {@link runSyncWorkers}. */
export interface SyncWorkersOptions {
  js: JetStreamClient;
  queue: SyncQueueNames;
  /** Jobs run at once by this instance. */
  concurrency: number;
  /** The queue's ack wait: progress is reported well within it. */
  ackWaitMs: number;
}

/**
 * Takes jobs off the work queue, `concurrency` at a time, until `stopping` aborts. A job's message
 * stays unacknowledged while it runs — `working()` after every page and every third of the ack
 * wait — so if this instance dies, JetStream hands the job to another once the ack wait passes, and
 * that one resumes from the saved cursor. Done, failed and vanished jobs are acked; a paused one is
 * redelivered after its pause (`nak` with a delay).
 */
export async function runSyncWorkers(deps: SyncJobDeps, options: SyncWorkersOptions, stopping: AbortSignal): Promise<void> {
  const consumer = await options.js.consumers.get(options.queue.stream, options.queue.consumer);
  const worker = async () => {
    while (!stopping.aborted) {
      const msg = await consumer.next({ expires: 2000 }).catch(() => null);
      if (!msg) continue;
      await handle(msg);
    }
  };
  const handle = async (msg: JsMsg) => {
    let jobId: string;
    try {
      jobId = String((JSON.parse(msg.string()) as { jobId?: unknown }).jobId ?? '');
    } catch {
      msg.term();
      return;
    }
    const heartbeat = setInterval(() => msg.working(), Math.max(500, Math.floor(options.ackWaitMs / 3)));
    try {
      const outcome = await runSyncJob(deps, jobId, () => msg.working(), stopping);
      if (outcome.kind === 'paused') msg.nak(outcome.delayMs);
      else msg.ack();
    } catch (error) {
      // Postgres or NATS failed under the job: it goes back to the queue and resumes from its cursor.
      deps.logger.error({ err: error, job: jobId }, 'sync job interrupted; it will be retried');
      msg.nak(deps.pauseMs);
    } finally {
      clearInterval(heartbeat);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}
