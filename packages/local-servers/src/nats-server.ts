import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { waitForPort } from './wait-for-port.js';

/** `nats-server` on the PATH or where Debian's package puts it, or null. */
export function findNatsServer(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin']) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'nats-server'), constants.X_OK);
      return join(dir, 'nats-server');
    } catch {
      // not here
    }
  }
  return null;
}

/** A nats-server this process started. */
export interface StartedNatsServer {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code when it ends. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts nats-server with JetStream on 127.0.0.1:`port`, its store under `storeDir`, and waits for the port. */
export async function startNatsServer(options: {
  binary: string;
  port: number;
  storeDir: string;
  onLine?: (line: string) => void;
}): Promise<StartedNatsServer> {
  mkdirSync(options.storeDir, { recursive: true });
  const child = spawn(options.binary, ['-js', '-a', '127.0.0.1', '-p', String(options.port), '-sd', options.storeDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => options.onLine?.(chunk.toString('utf8').trimEnd()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  await waitForPort('127.0.0.1', options.port, 'nats-server');
  return {
    url: `nats://127.0.0.1:${options.port}`,
    child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
