import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { type ItemSummary, toItemSummary } from './item-shapes.js';

/** What {@link searchItems} looks for. */
export interface SearchParams {
  /** The caller's team; the search never leaves it. */
  team: string;
  /** Web-search syntax: words, "quoted phrases", `or`, `-excluded`. */
  query: string;
  /** Most results on this page. */
  limit: number;
  /** Results to skip (earlier pages). */
  offset: number;
}

/** One page of results, best first. */
export interface SearchPage {
  items: ItemSummary[];
  /** Where the next page starts, or null when this page is the last. */
  nextOffset: number | null;
}

const HEADLINE_OPTIONS = 'MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "';

/**
 * Full-text search over the team's items that were not removed, ranked by `ts_rank`, ties broken
 * by the most recently updated and then by id, so pages are stable. It fetches one row more than
 * the page to know whether another page exists, and builds snippets only for the page's rows
 * (`ts_headline` re-parses the body, which is the expensive part).
 */
export async function searchItems(db: Kysely<Database>, params: SearchParams): Promise<SearchPage> {
  const tsquery = sql`websearch_to_tsquery('english', ${params.query})`;
  const page = db
    .selectFrom('items')
    .select(['id', 'url', 'title', 'platform', 'kind', 'state', 'container', 'updated_at', 'body'])
    .select(sql<number>`ts_rank(search, ${tsquery})`.as('rank'))
    .where('team', '=', params.team)
    .where('removed_at', 'is', null)
    .where(sql<boolean>`search @@ ${tsquery}`)
    .orderBy('rank', 'desc')
    .orderBy('updated_at', (order) => order.desc().nullsLast())
    .orderBy('id')
    .limit(params.limit + 1)
    .offset(params.offset);

  const rows = await db
    .selectFrom(page.as('page'))
    .select(['id', 'url', 'title', 'platform', 'kind', 'state', 'container', 'updated_at'])
    .select(sql<string>`ts_headline('english', body, ${tsquery}, ${HEADLINE_OPTIONS})`.as('snippet'))
    .orderBy('rank', 'desc')
    .orderBy('updated_at', (order) => order.desc().nullsLast())
    .orderBy('id')
    .execute();

  const hasMore = rows.length > params.limit;
  const items = rows.slice(0, params.limit).map((row) => {
    const summary = toItemSummary(row);
    return row.snippet.trim() === '' ? summary : { ...summary, snippet: row.snippet };
  });
  return { items, nextOffset: hasMore ? params.offset + params.limit : null };
}
