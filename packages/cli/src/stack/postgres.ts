import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { type ManagedProcess, startProcess } from './child-process.js';
import { isListening, waitForPort } from './wait-for-port.js';
import { debianPostgresDirs, which } from './which.js';

/** The Postgres `pipe up` uses, and the server it started (if any). */
export interface ResolvedPostgres {
  url: string;
  source: 'DATABASE_URL' | 'local' | 'started';
  process?: ManagedProcess;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/pipe';
const OWN_PORT = 54329;

/**
 * DATABASE_URL when given; else a server already on 127.0.0.1:5432 (database `pipe`, user
 * `postgres`); else `initdb`/`postgres` from the PATH (or Debian's /usr/lib/postgresql), with the
 * cluster under `dataDir` on port 54329; else an error that says what to install.
 */
export async function resolvePostgres(configured: string | undefined, dataDir: string): Promise<ResolvedPostgres> {
  if (configured) return { url: configured, source: 'DATABASE_URL' };
  if (await isListening('127.0.0.1', 5432)) return { url: LOCAL_URL, source: 'local' };
  const extra = debianPostgresDirs();
  const initdb = which('initdb', extra);
  const postgres = which('postgres', extra);
  if (!initdb || !postgres) {
    throw new Error(
      'Postgres is needed and none was found: no DATABASE_URL, nothing on 127.0.0.1:5432, no initdb/postgres binaries.\n' +
        '  Install it:  sudo apt-get install postgresql\n' +
        '  or point Pipe at one:  DATABASE_URL=postgres://user@host:5432/pipe npm run up',
    );
  }
  if (userInfo().uid === 0) {
    throw new Error(
      'Postgres refuses to run as root, and no server is listening on 127.0.0.1:5432.\n' +
        '  Start the system cluster:  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
        '  or run `npm run up` as a normal user, or set DATABASE_URL.',
    );
  }
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    mkdirSync(dataDir, { recursive: true });
    execFileSync(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8'], { stdio: 'ignore' });
  }
  const process = startProcess(
    'postgres',
    postgres,
    ['-D', dataDir, '-p', String(OWN_PORT), '-k', dataDir, '-h', '127.0.0.1'],
    globalThis.process.env,
    true,
  );
  await waitForPort('127.0.0.1', OWN_PORT, 'postgres');
  return { url: `postgres://postgres@127.0.0.1:${OWN_PORT}/pipe`, source: 'started', process };
}
