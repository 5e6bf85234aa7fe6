import { setFlagsFromString } from 'node:v8';
import { REDACTED_HEADER_PATHS } from '@pipe/platforms';
import { runMain, startService } from '@pipe/service-runtime';
import { loadSyncConfig } from './config.js';
import { startSync } from './start-sync.js';

/** The sync service on the service runtime: backfill jobs from the work queue, and the reconciliation schedule. */
runMain('sync', async () => {
  const config = loadSyncConfig();
  // Set before the first job allocates: V8 reads the factor each time it sizes the old generation after a full collection.
  if (config.SYNC_HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.SYNC_HEAP_GROWING_PERCENT}`);
  const service = await startService({
    name: 'sync',
    config,
    drains: 'draining: each job stops after its page in hand and goes back to the queue',
    logRedact: REDACTED_HEADER_PATHS,
  });
  await startSync(service);
});
