import { type Service, startService } from '@pipe/service-runtime';
import { type SyncConfig, loadSyncConfig } from '../config.js';
import { startSync } from '../start-sync.js';

/**
 * The sync service in the test's own process, as `main.ts` starts it (the shared runtime, then
 * `startSync`), on the test's Postgres, NATS namespace and `PIPE_SECRET_KEY` (from `env`), on a
 * free port, with no signal handlers, quiet unless `TEST_LOG` says otherwise, and no scheduled
 * sync for an hour; any variable in `env` overrides those.
 */
export async function startTestSync(env: NodeJS.ProcessEnv): Promise<Service<SyncConfig>> {
  const config = loadSyncConfig({ PORT: '0', LOG_LEVEL: process.env.TEST_LOG ?? 'silent', SYNC_INTERVAL_MS: '3600000', ...env });
  const service = await startService({ name: 'sync', config, drains: 'test', handleSignals: false });
  await startSync(service);
  return service;
}
