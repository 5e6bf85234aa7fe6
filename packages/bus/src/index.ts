export { connectBus, BusConnectError, type Bus, type ConnectBusOptions } from './connect.js';
export {
  streamNames,
  changesSubject,
  dlqSubject,
  rawSubject,
  eventsWildcard,
  partitionWildcard,
  teamEventsWildcard,
  changesWildcard,
  rawWildcard,
  InvalidNamespaceError,
  type StreamNames,
} from './stream-names.js';
export {
  provisionStreams,
  provisionLockName,
  streamLeader,
  streamConfigs,
  DEFAULT_RETENTION,
  type StreamRetention,
  type ProvisionOptions,
} from './provision.js';
export { publishEvent, publishBytes, PublishError, type PublishOptions, type PublishReceipt } from './publish.js';
export { AckPublisher } from './ack-publisher.js';
export { ensureConsumer, recreateConsumerAt, type DurableConsumerOptions } from './ensure-consumer.js';
export { openStreamReader, type StreamReader, type StreamReaderOptions } from './stream-reader.js';
export { runConsumerLoop, type ConsumerLoopOptions, type Delivery, type DeliveryGap, type SettledMessage } from './consumer-loop.js';
export { ack, skip, retry, release, deadLetter, type Outcome } from './outcome.js';
export { DEFAULT_RETRY_POLICY, attemptsSpent, type RetryPolicy } from './retry-policy.js';
export { publishDeadLetter, DLQ_HEADERS, type DeadLetterRecord } from './dead-letter.js';
export { publishChangeNotice, changeNoticeId } from './change-notices.js';
export { observePublish, streamOfSubject, type PublishObservation } from './publish-telemetry.js';
export { provisionSyncQueue, publishSyncJob, syncQueueNames, syncJobSubject, type SyncQueueNames } from './sync-queue.js';
export { liveLeaseBucket, liveLeaseKey, readLiveLease, type LiveLease } from './live-leases.js';
