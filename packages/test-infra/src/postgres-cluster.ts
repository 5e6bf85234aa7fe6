import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** Options of {@link startPostgresCluster}. */
export interface PostgresClusterOptions {
  /**
   * Where `initdb`, `pg_ctl` and `postgres` are (default: `PIPE_TEST_PG_BINDIR`, else the newest
   * `/usr/lib/postgresql/<version>/bin`, where Debian's `postgresql` package puts them).
   */
  binDir?: string;
  /** More `postgres -c` settings (`{ max_connections: '50' }`). */
  settings?: Record<string, string>;
}

/**
 * A Postgres server of a test's own — its own data directory in a temp dir, its own port on
 * loopback — that the test may stop, kill and start again. The shared server on 5432 that other
 * test files (and a user's stack) use is never touched.
 */
export interface PostgresCluster {
  /** A server-level URL (`postgres://postgres@127.0.0.1:<port>/postgres`). */
  url: string;
  port: number;
  /** A URL for a database on this server (created with {@link PostgresCluster.createDatabase}). */
  databaseUrl(name: string): string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /**
   * Stops the server: `immediate` (the default) is a crash as far as clients can tell — every
   * connection dropped at once, no checkpoint, crash recovery at the next start.
   */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** The server's log so far (for a failing test's message). */
  log(): string;
  /** Stops the server and removes its directory. Idempotent. */
  destroy(): Promise<void>;
}

/**
 * Starts a throwaway Postgres cluster with `initdb` and `pg_ctl` (trust authentication for the
 * `postgres` user on 127.0.0.1 only; fsync off, as tests need no durability across power loss).
 * Postgres refuses to run as root, so when the test runs as root (CI containers, this machine)
 * the cluster's directory is handed to the `postgres` OS user that Debian's package creates, and
 * the tools run as that user through `runuser`.
 *
 * @example
 * const pg = await startPostgresCluster();
 * try { const url = await pg.createDatabase('pipe'); … await pg.stop(); … await pg.start(); }
 * finally { await pg.destroy(); }
 */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = options.binDir ?? process.env.PIPE_TEST_PG_BINDIR ?? newestPostgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'pipe-pg-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'postgres.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) handToPostgresUser(root);
  const tool = (name: string, args: string[]) => {
    const command = join(binDir, name);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  };
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: root,
    // No fsync (the OS keeps what was written through a server crash, and tests need no more);
    // commits stay synchronous, or a `-m immediate` stop would lose acknowledged ones.
    fsync: 'off',
    full_page_writes: 'off',
    shared_buffers: '32MB',
    max_connections: '100',
    ...options.settings,
  };
  const serverOptions = Object.entries(settings)
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const databaseUrl = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
  let running = false;
  let destroyed = false;

  const start = async () => {
    await tool('pg_ctl', ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', serverOptions]);
    running = true;
  };
  const stop = async (mode: 'immediate' | 'fast' = 'immediate') => {
    await tool('pg_ctl', ['stop', '-w', '-t', '60', '-D', dataDir, '-m', mode]);
    running = false;
  };

  try {
    await tool('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`could not start a Postgres cluster of the test's own with ${binDir}: ${(error as Error).message}`, { cause: error });
  }

  return {
    url,
    port,
    databaseUrl,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name '${name}' must be lowercase letters, digits and underscores`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return databaseUrl(name);
    },
    stop,
    start,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      if (running) await stop('immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The newest `/usr/lib/postgresql/<version>/bin` holding `initdb`. */
function newestPostgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      'no Postgres server binaries found under /usr/lib/postgresql/<version>/bin: install the `postgresql` package (bash .ci/run does) or set PIPE_TEST_PG_BINDIR',
    );
  }
  return join(base, newest, 'bin');
}

/** Makes `dir` the `postgres` OS user's, so the server (which refuses root) can own its data directory. */
function handToPostgresUser(dir: string): void {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((line) => line.startsWith('postgres:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error("the tests run as root, and Postgres refuses root: create a 'postgres' OS user (Debian's postgresql package does)");
  }
  chownSync(dir, Number(uid), Number(gid));
  chmodSync(dir, 0o700);
}
