// What tests of other packages use to run the sync service. A new export here is public API to tests.
export { startTestSync } from './start-test-sync.js';
export { startSyncProcess, type SyncProcess } from './sync-process.js';
