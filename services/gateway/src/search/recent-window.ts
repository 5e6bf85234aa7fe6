import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/**
 * How many of a team's newest items the recent window holds. A word's most recent matches are
 * looked for among them first (see `lexicalCandidates`): a word matched by one item in 625 or
 * more has its 40 most recent matches there, read from ~40 rows instead of all its matches or a
 * walk through 40 × 625 items. Below that the window costs one cheap index lookup and the
 * older items are searched as before.
 */
export const RECENT_WINDOW_ITEMS = 25_000;

/** How long a window's start is used before it is read again (in the background). */
const REFRESH_MS = 60_000;

interface Cached {
  /** The update time of the team's `RECENT_WINDOW_ITEMS`-th newest item, or null when it has fewer items. */
  since: string | null;
  readAt: number;
  refreshing: boolean;
}

const windowsByDb = new WeakMap<Kysely<Database>, Map<string, Cached>>();

async function readSince(db: Kysely<Database>, team: string, items: number): Promise<string | null> {
  // The (team, updated_at) index alone: an index-only walk over the window's entries.
  const result = await sql<{ updated_at: Date }>`
    select updated_at from items where team = ${team} and updated_at is not null
    order by updated_at desc offset ${items - 1} limit 1`.execute(db);
  const row = result.rows[0];
  return row === undefined ? null : row.updated_at.toISOString();
}

/**
 * The start of a team's recent window: the update time of its `items`-th newest item, or null
 * when it has fewer (a small team searches everything at once). Read once per team and process,
 * then again in the background once a minute old; a window that starts a little early only holds
 * a few more items, and the search stays exact whatever it holds.
 */
export async function recentWindowSince(db: Kysely<Database>, team: string, items = RECENT_WINDOW_ITEMS): Promise<string | null> {
  let windows = windowsByDb.get(db);
  if (windows === undefined) {
    windows = new Map();
    windowsByDb.set(db, windows);
  }
  const key = `${team}\u0000${items}`;
  const cached = windows.get(key);
  if (cached === undefined) {
    const since = await readSince(db, team, items);
    windows.set(key, { since, readAt: Date.now(), refreshing: false });
    return since;
  }
  if (Date.now() - cached.readAt > REFRESH_MS && !cached.refreshing) {
    cached.refreshing = true;
    readSince(db, team, items).then(
      (since) => windows.set(key, { since, readAt: Date.now(), refreshing: false }),
      // The old start stays in use; the next search past the minute tries again.
      () => {
        cached.refreshing = false;
      },
    );
  }
  return cached.since;
}
