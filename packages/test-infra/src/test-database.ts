import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_TEST_DATABASE_URL } from './endpoints.js';

/** A database of the test's own, dropped at the end. */
export interface TestDatabase {
  /** A connection URL for the new database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name on the test Postgres server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.PIPE_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const name = `pipe_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
