import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { waitForPort } from './wait-for-port.js';

/** The one command that installs nats-server on Debian and Ubuntu. */
export const NATS_INSTALL_COMMAND = 'sudo apt-get install -y nats-server';

/** nats-server is needed, missing, and could not be installed here: the message says the command. */
export class NatsServerMissingError extends Error {
  override readonly name = 'NatsServerMissingError';
  readonly code = 'NATS_SERVER_MISSING';
}

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

/**
 * nats-server, installed from Debian's `nats-server` package when it is missing and this process
 * may install packages (it runs as root, or sudo works without a password); otherwise a
 * {@link NatsServerMissingError} that gives the one command to run.
 */
export function findOrInstallNatsServer(onLog: (line: string) => void = () => undefined): string {
  const found = findNatsServer();
  if (found) return found;
  const asRoot = process.getuid?.() === 0 ? [] : spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : null;
  const apt = spawnSync('apt-get', ['--version']).status === 0;
  if (asRoot === null || !apt) {
    throw new NatsServerMissingError(
      `nats-server is not installed${apt ? ' and installing it needs root' : ''}: install it with\n  ${NATS_INSTALL_COMMAND}\n` +
        '(or from https://github.com/nats-io/nats-server/releases), or point Pipe at a running one with NATS_URL',
    );
  }
  const run = (args: string[]) => {
    const [command = 'apt-get', ...rest] = [...asRoot, 'apt-get', ...args];
    execFileSync(command, rest, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  onLog(
    `nats-server is not installed: installing Debian's nats-server package (${asRoot.length ? 'sudo ' : ''}apt-get install nats-server)`,
  );
  try {
    run(['update', '-qq']);
  } catch {
    // A stale package list may still hold nats-server; the install below says if not.
  }
  try {
    run(['install', '-y', '-qq', 'nats-server']);
  } catch (cause) {
    throw new NatsServerMissingError(`installing nats-server failed; install it with\n  ${NATS_INSTALL_COMMAND}`, { cause });
  }
  const installed = findNatsServer();
  if (!installed)
    throw new NatsServerMissingError(`apt-get installed nats-server but it is not on the PATH; install it with\n  ${NATS_INSTALL_COMMAND}`);
  return installed;
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
