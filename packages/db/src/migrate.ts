import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as graph from './migrations/0002-graph.js';
import * as ingestSettings from './migrations/0003-ingest-settings.js';
import * as gateway from './migrations/0004-gateway.js';
import * as assistantSettings from './migrations/0005-assistant-settings.js';
import * as searchVectors from './migrations/0006-search-vectors.js';
import * as itemTextLz4 from './migrations/0007-item-text-lz4.js';
import * as checkpointStream from './migrations/0010-checkpoint-stream.js';
import * as searchTrigrams from './migrations/0030-search-trigrams.js';
import * as itemsByParent from './migrations/0031-items-by-parent.js';
import * as itemsRecencyBrin from './migrations/0032-items-recency-brin.js';
import * as titleTrigramsPendingList from './migrations/0033-title-trigrams-pending-list.js';
import * as searchTermMatches from './migrations/0034-search-term-matches.js';
import * as sync from './migrations/0020-sync.js';
import * as syncSeen from './migrations/0021-sync-seen.js';
import * as keyScopes from './migrations/0040-key-scopes.js';
import * as oauth from './migrations/0041-oauth.js';
import * as notifications from './migrations/0060-notifications.js';
import * as syncJobParents from './migrations/0061-sync-job-parents.js';
import * as changeOutbox from './migrations/0012-change-outbox.js';

/**
 * Numbered migrations, in order. They are compiled in (not read from a folder at run time), so a
 * bundled service and the CLI run exactly the same list.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-graph': graph,
  '0003-ingest-settings': ingestSettings,
  '0004-gateway': gateway,
  '0005-assistant-settings': assistantSettings,
  '0006-search-vectors': searchVectors,
  '0007-item-text-lz4': itemTextLz4,
  '0010-checkpoint-stream': checkpointStream,
  '0030-search-trigrams': searchTrigrams,
  '0031-items-by-parent': itemsByParent,
  '0032-items-recency-brin': itemsRecencyBrin,
  '0033-title-trigrams-pending-list': titleTrigramsPendingList,
  '0034-search-term-matches': searchTermMatches,
  '0020-sync': sync,
  '0021-sync-seen': syncSeen,
  '0040-key-scopes': keyScopes,
  '0041-oauth': oauth,
  '0060-notifications': notifications,
  '0061-sync-job-parents': syncJobParents,
  '0012-change-outbox': changeOutbox,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** A migration that failed; the database is left at the last one that succeeded. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code = 'MIGRATION_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Brings the database to the latest schema. Safe to call from every service at start, even
 * concurrently: kysely holds a lock while it migrates.
 */
// biome-ignore lint/suspicious/noExplicitAny: kysely's Migrator takes a Kysely<any>; migrations predate the schema types.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Unordered: migrations written on parallel branches may land with lower numbers than ones
  // already applied to a long-lived database; each still runs exactly once.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
