import { AckPolicy, DiscardPolicy, type JetStreamClient, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { StreamNames } from './stream-names.js';

const NANOS_PER_MS = 1_000_000;

/** Where sync jobs travel: a work-queue stream, one message per job, taken by one sync instance at a time. */
export interface SyncQueueNames {
  /** `PIPE_SYNC` under the namespace's prefix. */
  stream: string;
  /** `<root>.sync.jobs.>` */
  subjects: string;
  /** The durable consumer every sync instance pulls from (a work queue allows one). */
  consumer: string;
}

/** The sync queue's names under a namespace (derived from the event stream's prefix). */
export function syncQueueNames(names: StreamNames): SyncQueueNames {
  return {
    stream: names.events.replace(/PIPE_EVENTS$/, 'PIPE_SYNC'),
    subjects: `${names.subjectRoot}.sync.jobs.>`,
    consumer: 'sync-workers',
  };
}

/** The subject of a job: `<root>.sync.jobs.<team>.<platform>`. */
export const syncJobSubject = (names: StreamNames, team: string, platform: string): string =>
  `${names.subjectRoot}.sync.jobs.${team}.${platform}`;

/**
 * Creates (or updates) the sync queue and its one durable consumer. Work-queue retention: a job's
 * message is gone once acknowledged. An instance holding a job reports progress (`working()`) within
 * `ackWaitMs`; one that dies stops doing so, and JetStream hands the job to another instance, which
 * resumes from the cursor the job saved in Postgres.
 */
export async function provisionSyncQueue(
  jsm: JetStreamManager,
  names: StreamNames,
  options: { ackWaitMs: number; replicas?: number },
): Promise<SyncQueueNames> {
  const queue = syncQueueNames(names);
  const config = {
    name: queue.stream,
    description: 'Sync jobs (backfill and reconciliation), one message per job; taken by one sync instance at a time.',
    subjects: [queue.subjects],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    duplicate_window: 60_000 * NANOS_PER_MS,
  };
  const exists = await jsm.streams.info(queue.stream).then(
    () => true,
    () => false,
  );
  if (exists) await jsm.streams.update(queue.stream, config);
  else await jsm.streams.add(config);
  const consumer = {
    durable_name: queue.consumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: options.ackWaitMs * NANOS_PER_MS,
    max_ack_pending: 1000,
  };
  const known = await jsm.consumers.info(queue.stream, queue.consumer).then(
    () => true,
    () => false,
  );
  if (known) {
    const { durable_name: _name, ...mutable } = consumer;
    await jsm.consumers.update(queue.stream, queue.consumer, mutable);
  } else await jsm.consumers.add(queue.stream, consumer);
  return queue;
}

/** Queues a job by id (the job itself lives in Postgres); the same id queued twice within a minute is one message. */
export async function publishSyncJob(
  js: JetStreamClient,
  names: StreamNames,
  job: { id: string; team: string; platform: string },
): Promise<void> {
  await js.publish(syncJobSubject(names, job.team, job.platform), JSON.stringify({ jobId: job.id }), { msgID: `sync-job:${job.id}` });
}
