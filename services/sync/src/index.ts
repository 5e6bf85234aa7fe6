// The sync service's parts, for tests and the bench. A new export here is public API.
export { loadSyncConfig, type SyncConfig } from './config.js';
export { startSync } from './start-sync.js';
export { runSyncJob, type JobOutcome, type SyncJobDeps } from './run-sync-job.js';
export { storeSyncedRecords, type StoredPage } from './store-records.js';
export { ConnectionBreakers, type BreakerSettings } from './connection-breakers.js';
export { scheduleDueSyncs, runScheduler, type ScheduleSettings } from './schedule-syncs.js';
export { runSyncWorkers, type SyncWorkersOptions } from './sync-workers.js';
export { runLiveFeeds, storeLivePayload, type LiveFeedsDeps, type LiveFeedSettings } from './live-feeds.js';
