import type { Database } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type ItemSummary, type SummaryRow, toItemSummary } from '../items/item-shapes.js';

/**
 * Most matches a search ranks. A very common term can match most of a team's items; ranking all
 * of them would cost a full scan per query, so only the most recently updated matches are
 * ranked. Postgres finds those by walking the (team, updated_at) index backwards and stopping
 * after this many, or, for rare terms, from the full-text index directly. `candidatesCapped`
 * tells the caller when older matches were left out (a narrower query or filter reaches them).
 */
export const SEARCH_CANDIDATE_CAP = 300;

/** The filters of {@link searchItems}; each narrows the result, all combine with AND. */
export interface SearchFilters {
  platform?: string[];
  kind?: string[];
  container?: string;
  /** A person id (resolved beforehand): items they authored. */
  personId?: string;
  state?: string[];
  /** Items updated at or after this time. */
  since?: string;
  /** Items updated before this time. */
  until?: string;
}

/** What {@link searchItems} looks for. */
export interface SearchParams extends SearchFilters {
  team: string;
  /** Web-search syntax: words, "quoted phrases", `or`, `-excluded`. */
  query: string;
  limit: number;
  /** Recency is measured from this instant, fixed for every page of one search. */
  asOf: string;
  /** Continue after this row (the previous page's last score and id). */
  after?: { score: string; id: string };
}

/** One ranked match with the key its cursor continues from. */
export interface SearchRow {
  item: ItemSummary & { score: number };
  key: [string, string];
}

/** A page of matches (up to limit + 1, to tell whether more exist). */
export interface SearchResult {
  rows: SearchRow[];
  candidatesCapped: boolean;
}

const HEADLINE_OPTIONS = 'MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … ", StartSel=<b>, StopSel=</b>';

function filterSql(params: SearchParams): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (params.platform?.length) where.push(sql`platform = any(${params.platform})`);
  if (params.kind?.length) where.push(sql`kind = any(${params.kind})`);
  if (params.state?.length) where.push(sql`lower(state) = any(${params.state.map((s) => s.toLowerCase())})`);
  if (params.container !== undefined) where.push(sql`container = ${params.container}`);
  if (params.since !== undefined) where.push(sql`updated_at >= ${params.since}::timestamptz`);
  if (params.until !== undefined) where.push(sql`updated_at < ${params.until}::timestamptz`);
  if (params.personId !== undefined) {
    where.push(sql`(platform, author_external_id) in (
      select platform, external_id from identities where team = ${params.team} and person_id = ${params.personId})`);
  }
  return where;
}

/**
 * Full-text search over the team's items that were not removed. The score is the text rank
 * (title words weigh more than body words) boosted by recency, up to twice for an item updated
 * at `asOf` and fading over weeks, so a fresh match beats an equally relevant stale one but a
 * much better match still wins. Ties break by id, so pages are stable; snippets (`ts_headline`
 * re-parses the body, the expensive part) are built only for the page's rows.
 */
export async function searchItems(db: Kysely<Database>, params: SearchParams): Promise<SearchResult> {
  const tsquery = sql`websearch_to_tsquery('english', ${params.query})`;
  const filters = filterSql(params);
  const filterClause = filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;
  const after =
    params.after === undefined
      ? sql``
      : sql`where score < ${params.after.score}::float8 or (score = ${params.after.score}::float8 and id > ${params.after.id})`;

  const result = await sql<
    SummaryRow & {
      score: number;
      score_key: string;
      snippet: string;
      candidates: number;
    }
  >`
    with candidates as (
      select id, url, title, platform, kind, state, container, updated_at, body, search
      from items
      where team = ${params.team} and removed_at is null and search @@ ${tsquery}${filterClause}
      order by updated_at desc
      limit ${SEARCH_CANDIDATE_CAP}
    ),
    scored as (
      select c.*, count(*) over () as candidates,
        (ts_rank(search, ${tsquery}, 1)::float8
          * (1 + 1 / (1 + greatest(0, extract(epoch from (${params.asOf}::timestamptz - coalesce(updated_at, ${params.asOf}::timestamptz))) / 604800.0))))::float8 as score
      from candidates c
    ),
    page as (
      select * from scored ${after}
      order by score desc, id
      limit ${params.limit + 1}
    )
    select id, url, title, platform, kind, state, container, updated_at, score, score::text as score_key, candidates,
      ts_headline('english', body, ${tsquery}, ${HEADLINE_OPTIONS}) as snippet
    from page
    order by score desc, id`.execute(db);

  const rows = result.rows.map((row): SearchRow => {
    const summary = toItemSummary(row);
    const snippet = row.snippet.trim();
    return {
      item: { ...summary, ...(snippet === '' ? {} : { snippet }), score: Math.round(row.score * 10_000) / 10_000 },
      key: [row.score_key, row.id],
    };
  });
  const candidates = Number(result.rows[0]?.candidates ?? 0);
  return { rows, candidatesCapped: candidates >= SEARCH_CANDIDATE_CAP };
}
