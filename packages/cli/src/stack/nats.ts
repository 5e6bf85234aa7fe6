import { findOrInstallNatsServer, isListening, startNatsServer } from '@pipe/local-servers';
import type { ManagedProcess } from './child-process.js';

/** The NATS `pipe up` uses, and the server it started (if any). */
export interface ResolvedNats {
  url: string;
  source: 'NATS_URL' | 'local' | 'started';
  process?: ManagedProcess;
}

/**
 * NATS_URL when given; else a server already on 127.0.0.1:4222; else nats-server (installed from
 * Debian's package first when missing and this user may: see `findOrInstallNatsServer`), started
 * with JetStream and its data under `dataDir`; else an error giving the one command to run.
 */
export async function resolveNats(configured: string | undefined, dataDir: string, say: (line: string) => void): Promise<ResolvedNats> {
  if (configured) return { url: configured, source: 'NATS_URL' };
  if (await isListening('127.0.0.1', 4222)) return { url: 'nats://127.0.0.1:4222', source: 'local' };
  const binary = findOrInstallNatsServer(say);
  const server = await startNatsServer({ binary, port: 4222, storeDir: dataDir });
  return { url: server.url, source: 'started', process: { name: 'nats-server', ...server } };
}
