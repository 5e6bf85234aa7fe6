import { createTestDatabase } from '@pipe/test-infra';
import type { Kysely } from 'kysely';
import { createDb } from '../connect.js';
import { migrateToLatest } from '../migrate.js';
import type { Database } from '../schema.js';

/** A migrated database of the test's own. */
export interface TestDb {
  db: Kysely<Database>;
  url: string;
  /** Closes the pool and drops the database. */
  cleanup(): Promise<void>;
}

/** Creates a fresh database on the test Postgres and migrates it to the latest schema. */
export async function createTestDb(): Promise<TestDb> {
  const database = await createTestDatabase();
  const db = createDb({ url: database.url, poolSize: 12, applicationName: 'pipe-test' });
  await migrateToLatest(db);
  return {
    db,
    url: database.url,
    async cleanup() {
      await db.destroy();
      await database.drop();
    },
  };
}
