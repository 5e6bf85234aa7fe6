import { type Database, type SyncJob, unseenItems } from '@pipe/db';
import type { IngestPublisher } from '@pipe/ingest-kit';
import { type ApiCredential, type CompleteListing, type PlatformModule, removedRecord } from '@pipe/platforms';
import type { Kysely } from 'kysely';
import type { ConnectionBreakers } from './connection-breakers.js';
import { storeSyncedRecords } from './store-records.js';

/** What the removal step needs. */
export interface RemoveUnlistedDeps {
  db: Kysely<Database>;
  publisher: IngestPublisher;
  breakers: ConnectionBreakers;
}

/**
 * The end of a full pass, for every platform: what the read model holds of the scope — of the
 * kinds the plan lists completely, inside the pass's window, untouched since the pass began — that
 * no page listed was deleted at the source. A platform whose listing may miss what exists is asked
 * about those items first (`confirmGone`, through the connection's breaker). Each removal is stored
 * like any synced record (a `removed` record in `PIPE_RAW`, then `item.removed`), so it purges the
 * item's text as a webhook's deletion would, and a replay makes it again. Returns how many.
 */
export async function removeUnlisted(
  deps: RemoveUnlistedDeps,
  module: PlatformModule,
  listing: CompleteListing,
  job: Pick<SyncJob, 'id' | 'team' | 'platform' | 'scope' | 'since'>,
  credential: ApiCredential,
  passStartedAt: Date,
  signal: AbortSignal,
): Promise<number> {
  const unlisted = await unseenItems(
    deps.db,
    job,
    { kinds: listing.kinds, containers: listing.containers(job.scope), window: listing.window },
    passStartedAt,
  );
  if (unlisted.length === 0) return 0;
  const confirm = listing.confirmGone;
  const gone = confirm
    ? new Set(
        await deps.breakers.fire(job.team, job.platform, () =>
          confirm(
            credential,
            unlisted.map((item) => item.id),
            signal,
          ),
        ),
      )
    : null;
  const removed = gone ? unlisted.filter((item) => gone.has(item.id)) : unlisted;
  await storeSyncedRecords(
    { db: deps.db, publisher: deps.publisher, module },
    job.team,
    removed.map((item) => removedRecord(item, passStartedAt)),
  );
  return removed.length;
}
