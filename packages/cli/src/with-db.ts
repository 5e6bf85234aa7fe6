import { type Database, createDb, migrateToLatest } from '@pipe/db';
import type { Kysely } from 'kysely';
import type { CliConfig } from './config.js';
import { databaseUrlFor } from './stack-file.js';

/** Opens the database, migrated, for one command, and closes it after. */
export async function withDb<T>(config: CliConfig, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = createDb({ url: databaseUrlFor(config), poolSize: 2, applicationName: 'pipe-cli' });
  try {
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
  }
}
