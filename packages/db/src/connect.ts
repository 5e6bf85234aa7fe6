import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { sendMarkedStatementsPrepared } from './prepared-statements.js';
import type { Database } from './schema.js';

const INT8_OID = 20;

/**
 * Stream sequences and source versions are `bigint` columns whose values stay well below 2^53, so
 * they are read as numbers rather than pg's default strings.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Options of {@link createDb}. */
export interface DbOptions {
  /** `postgres://user@host:port/database` */
  url: string;
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
  /** Name in `pg_stat_activity`. */
  applicationName?: string;
  /**
   * Schemas unqualified names resolve to, first match wins (default: the server's, `public`).
   * `pipe replay` writes a rebuild through the same code as the projector by putting the
   * rebuild's schema first.
   */
  searchPath?: string[];
  /**
   * Settings every connection of the pool starts with (`{ jit: 'off' }`), as `-c name=value`
   * startup options: the gateway turns JIT off for its short interactive statements.
   */
  settings?: Readonly<Record<string, string>>;
}

/** The `options` startup parameter: the search path and the settings, or nothing. */
function startupOptions(options: DbOptions): { options?: string } {
  const settings = Object.entries(options.settings ?? {}).map(([name, value]) => {
    if (!/^[a-z_.]+$/.test(name) || !/^[\w.-]+$/.test(value)) throw new Error(`setting ${name}=${value} must be a plain name and value`);
    return `-c ${name}=${value}`;
  });
  if (options.searchPath) settings.unshift(`-c search_path=${options.searchPath.map((schema) => `"${schema}"`).join(',')}`);
  return settings.length === 0 ? {} : { options: settings.join(' ') };
}

/** The database handle every service and the CLI use. Close it with `destroy()`. */
export function createDb(options: DbOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'pipe',
    types,
    ...startupOptions(options),
  });
  // An idle client losing its connection (Postgres restart) must not crash the process; the
  // pool replaces it and the next query reports the error where it can be handled.
  pool.on('error', () => undefined);
  // Nor may a checked-out one: pg listens for a client's 'error' only while it is idle in the
  // pool, so a client held between queries (a transaction, the projector's partition lock) that
  // loses its connection emitted an unhandled 'error' and ended the process. Its queries reject
  // instead (the one in flight, and every later one: "not queryable"), and the pool drops it
  // when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  sendMarkedStatementsPrepared(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Creates the URL's database when it does not exist yet (for `pipe up` on a fresh server). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[a-zA-Z_][a-zA-Z0-9_-]*$/.test(name)) throw new Error(`database name '${name}' in ${url} is not a plain identifier`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}
