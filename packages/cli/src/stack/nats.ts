import { mkdirSync } from 'node:fs';
import { type ManagedProcess, startProcess } from './child-process.js';
import { isListening, waitForPort } from './wait-for-port.js';
import { which } from './which.js';

/** The NATS `pipe up` uses, and the server it started (if any). */
export interface ResolvedNats {
  url: string;
  source: 'NATS_URL' | 'local' | 'started';
  process?: ManagedProcess;
}

/**
 * NATS_URL when given; else a server already on 127.0.0.1:4222; else `nats-server` from the PATH,
 * started with JetStream and its data under `dataDir`; else an error that says what to install.
 */
export async function resolveNats(configured: string | undefined, dataDir: string): Promise<ResolvedNats> {
  if (configured) return { url: configured, source: 'NATS_URL' };
  if (await isListening('127.0.0.1', 4222)) return { url: 'nats://127.0.0.1:4222', source: 'local' };
  const binary = which('nats-server', ['/usr/sbin', '/usr/local/sbin']);
  if (!binary) {
    throw new Error(
      'NATS is needed and none was found: no NATS_URL, nothing on 127.0.0.1:4222, no nats-server on the PATH.\n' +
        '  Install it:  sudo apt-get install nats-server   (or https://github.com/nats-io/nats-server/releases)\n' +
        '  or point Pipe at one:  NATS_URL=nats://host:4222 npm run up',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const process = startProcess(
    'nats-server',
    binary,
    ['-js', '-a', '127.0.0.1', '-p', '4222', '-sd', dataDir],
    globalThis.process.env,
    true,
  );
  await waitForPort('127.0.0.1', 4222, 'nats-server');
  return { url: 'nats://127.0.0.1:4222', source: 'started', process };
}
