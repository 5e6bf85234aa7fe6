import { randomBytes } from 'node:crypto';
import { SecretBox, createApiKey, createDb, createTeam, migrateToLatest, type Database } from '@pipe/db';
import { DEFAULT_TEST_DATABASE_URL } from '@pipe/test-infra';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { GENERATED_SECRET_PLATFORMS } from '@pipe/platforms';
import { SEED_VERSION, seedItems } from './gateway-seed.js';

/** A database holding the seeded team `bench`, with a fresh API key for it. */
export interface SeededDatabase {
  db: Kysely<Database>;
  url: string;
  apiKey: string;
  /** Seconds spent seeding in this run (0 when an earlier run's database was reused). */
  seedSeconds: number;
  /** Closes the pool; the database stays for the next run. */
  close(): Promise<void>;
}

/**
 * The query bench's million items, seeded once and kept: seeding and analysing 1,000,000 rows
 * takes minutes of a shared machine, and what is measured is reading them. The database is named
 * after the item count and the seed's version, so a changed seed never reuses an old one; a marker
 * table written last tells a finished seed from an interrupted one (which is dropped and redone).
 * Migrations still run on every reuse, so new indexes are there. `BENCH_RESEED=1` forces a new seed.
 * The pool's connections start with `settings` (the gateway's own, so what is measured is what
 * the gateway runs).
 */
export async function seededDatabase(
  count: number,
  settings: Readonly<Record<string, string>>,
  onProgress?: (done: number) => void,
): Promise<SeededDatabase> {
  const serverUrl = process.env.PIPE_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const name = `pipe_bench_items_${count}_v${SEED_VERSION}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  let reuse = false;
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (exists && process.env.BENCH_RESEED !== '1') reuse = await seedFinished(url.toString());
    if (!reuse) {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
    }
  } finally {
    await admin.end();
  }
  const db = createDb({ url: url.toString(), poolSize: 12, applicationName: 'pipe-bench', settings });
  await migrateToLatest(db);
  let seedSeconds = 0;
  let apiKey: string;
  if (reuse) {
    apiKey = (await createApiKey(db, 'bench', 'bench run')).key;
  } else {
    apiKey = (await createTeam(db, new SecretBox(randomBytes(32)), 'bench', undefined, GENERATED_SECRET_PLATFORMS)).apiKey;
    const start = performance.now();
    await seedItems(db, 'bench', count, onProgress);
    seedSeconds = (performance.now() - start) / 1000;
    await sql`create table bench_seed (items int not null, seeded_at timestamptz not null default now())`.execute(db);
    await sql`insert into bench_seed (items) values (${count})`.execute(db);
  }
  return { db, url: url.toString(), apiKey, seedSeconds, close: () => db.destroy() };
}

async function seedFinished(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const marker = await client.query("select 1 from pg_tables where tablename = 'bench_seed'");
    return marker.rowCount === 1;
  } finally {
    await client.end();
  }
}

/**
 * Reads every table and index of the database into the operating system's page cache
 * (`pg_prewarm` in `read` mode), as a database that has been serving its team has them, and
 * returns the seconds it took — or null when the server has no `pg_prewarm` (contrib) or the
 * bench's role may not create it.
 *
 * Why: the bench machine's host pages out any page idle for about a minute (DAMON's `pageout`
 * scheme), and a read from its disk takes ≈ 7 ms. A rare word's one match is a random row of a
 * million, so without this, a run's tail measures how long the database sat idle before it — the
 * one-index SQL floor's p99 went from 7 to 313 ms after one idle minute — not the search.
 */
async function readIntoMemory(db: Kysely<Database>): Promise<number | null> {
  const available = await sql`select 1 from pg_available_extensions where name = 'pg_prewarm'`.execute(db);
  if (available.rows.length === 0) return null;
  const start = performance.now();
  // Creating an extension may need more rights than the bench's role has; then it measures the database as it is.
  const created = await sql`create extension if not exists pg_prewarm`.execute(db).then(
    () => true,
    () => false,
  );
  if (!created) return null;
  await sql`
    select sum(pg_prewarm(c.oid, 'read')) from pg_class c
    where c.relnamespace in ('public'::regnamespace, 'pg_toast'::regnamespace) and c.relkind in ('r', 'i', 't')
      and c.relpersistence = 'p' and pg_relation_size(c.oid) > 0`.execute(db);
  return (performance.now() - start) / 1000;
}

/**
 * Before a query bench measures: the database read into memory ({@link readIntoMemory}) unless
 * `BENCH_PREWARM=0` asks to measure it as the last minute left it. Returns the line that says which.
 */
export async function databaseForQueries(db: Kysely<Database>): Promise<string> {
  if (process.env.BENCH_PREWARM === '0') return 'database: as the last minute left it (BENCH_PREWARM=0)';
  const seconds = await readIntoMemory(db);
  return seconds === null
    ? 'database: as the last minute left it (pg_prewarm, which would read it into memory, is not installed or may not be created)'
    : `database: read into memory in ${seconds.toFixed(1)} s (pg_prewarm)`;
}
