import { type Kysely, sql } from 'kysely';

/**
 * A block-range index on items' update time, for search (issue 18). A word's most recent matches
 * are found by intersecting its full-text matches with "updated since" before any row is read: the
 * B-tree on (team, updated_at) would list every item of the window (tens of thousands of entries),
 * this index answers the same range with one summary per 128 pages. Items are written in time
 * order, so recent items sit in few block ranges; where they do not, more ranges qualify and the
 * recheck keeps the answer exact. It costs next to nothing to keep up.
 *
 * It indexes the update time with "never updated" as the newest (`infinity`), which is where
 * `order by updated_at desc` puts such items; and being an expression, it is used only by
 * statements that ask for it by that expression — a plain `updated_at < …` (most of the table)
 * never builds a bitmap from it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index items_recency_brin on items using brin ((coalesce(updated_at, 'infinity'::timestamptz)))`.execute(db);
  // Statistics of the expression, which only ANALYZE gathers: without them the planner guesses a
  // third of the table is "recent" and walks the B-tree instead (a sample of rows; seconds at most).
  await sql`analyze items`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists items_recency_brin`.execute(db);
}
