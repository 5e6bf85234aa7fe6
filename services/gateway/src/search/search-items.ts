import type { Database } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type ItemSummary, toItemSummary } from '../items/item-shapes.js';
import { findItemIdByUrl } from '../queries/get-item.js';
import { lookupForUrl } from '../queries/platform-urls.js';
import { graphNeighbours } from './graph-neighbours.js';
import { namedChannels, namedPeople } from './named-in-query.js';
import { type Candidates, TERM_CANDIDATE_CAP, extraCandidates, lexicalCandidates } from './lexical-candidates.js';
import { snippets } from './snippets.js';
import { recentWindowSince } from './recent-window.js';
import { type Fusion, RANKING, type RankedItem, type Scoring, rankItems } from './rank.js';
import { type UnderstoodQuery, understandQuery } from './understand-query.js';

/** Most matches one term brings to ranking (see {@link TERM_CANDIDATE_CAP}). */
export const SEARCH_CANDIDATE_CAP = TERM_CANDIDATE_CAP;

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
  /** A question as a person asks it, or keywords; item keys and URLs are looked up exactly. */
  query: string;
  limit: number;
  /** Recency and time words ("last week") are measured from this instant, fixed for every page of one search. */
  asOf: string;
  /** How lexical and graph rankings combine; the default adds scores (the evaluation compares `rrf`). */
  fusion?: Fusion;
  /** The lexical score; the default weighs terms (the evaluation compares `ts_rank_cd` alone). */
  scoring?: Scoring;
  /** Continue after this row (the previous page's last score, update time and id). */
  after?: { score: string; updated: string; id: string };
}

/** One ranked match, why it is there, and the key its cursor continues from. */
export interface SearchRow {
  item: ItemSummary & { score: number; why: string };
  key: [string, string, string];
}

/** A page of matches (up to limit + 1, to tell whether more exist; the one past the limit has no snippet). */
export interface SearchResult {
  rows: SearchRow[];
  candidatesCapped: boolean;
}

/** How many ranked items one search keeps for paging. */
const RANKED_LIMIT = 200;

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

/** The items the question names by key, id, number or URL, in the order named. */
async function exactLookups(db: Kysely<Database>, params: SearchParams, understood: UnderstoodQuery, filters: RawBuilder<unknown>[]) {
  const { refs, ids, numbers, urls } = understood.keys;
  const found: { id: string; key: string }[] = [];
  for (const url of urls) {
    const lookup = lookupForUrl(url);
    const id = lookup === null ? null : await findItemIdByUrl(db, params.team, url, lookup);
    if (id !== null) found.push({ id, key: url });
  }
  if (refs.length + ids.length + numbers.length > 0) {
    const filterClause = filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;
    // `#12` names an issue or pull request of whichever repository has it (GitHub's refs end in `#12`).
    const byNumber = numbers.map((n) => sql`(ref like 'github:%' and ref like ${`%#${n}`})`);
    const result = await sql<{ id: string; ref: string }>`
      select id, ref from items where team = ${params.team} and removed_at is null and (
        ref = any(${refs.length ? refs : ['']}) or id = any(${ids.length ? ids : ['']})
        ${byNumber.length ? sql` or ${sql.join(byNumber, sql` or `)}` : sql``})${filterClause}
      order by updated_at desc nulls last limit 20`.execute(db);
    for (const row of result.rows) found.push({ id: row.id, key: row.ref.replace(/^key:/, '').replace(/^github:/, '') });
  }
  return found;
}

interface Ordered {
  score: number;
  updated: number;
  row: { id: string };
}

/** The page order: score, then the most recently updated, then id. */
const inPageOrder = (a: Ordered, b: Ordered) =>
  b.score - a.score || b.updated - a.updated || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);

/** Best score first (the preliminary order that picks the strong hits and the likely page). */
const inScoreOrder = (a: { score: number }, b: { score: number }) => b.score - a.score;

/** A score as the cursor and the ordering see it (rounded, so both compare the same number). */
const keyScore = (score: number) => Math.round(score * 1_000_000) / 1_000_000;

/**
 * Search as people and assistants ask: the question is read first (keys and URLs looked up
 * exactly and ranked first; platform, kind, people and time words boost what fits), every content
 * word and its synonyms retrieves candidates (OR, prefix-matched, title above body), candidates
 * are ranked by term weight, coverage and proximity, strong hits lend score to what is linked to
 * them in the graph (the PR that closes the matching issue, the thread around a matching reply),
 * and every hit says why it is there. Removed items never appear.
 */
export async function searchItems(db: Kysely<Database>, params: SearchParams): Promise<SearchResult> {
  const understood = understandQuery(params.query, params.asOf);
  const filters = filterSql(params);
  // One statement finds the candidates of the words (and named channels); who and which channel
  // the names are, for ranking and the reasons, is read beside it.
  const [exact, people, channels, found] = await Promise.all([
    exactLookups(db, params, understood, filters),
    namedPeople(db, params.team, understood.personWords),
    namedChannels(db, params.team, understood.channels),
    recentWindowSince(db, params.team).then((since) => lexicalCandidates(db, params.team, understood.terms, understood, filters, since)),
  ]);
  const context = {
    understood,
    asOf: params.asOf,
    people: people.authors,
    channels: channels.containers,
    personWords: people.words,
    channelWords: channels.words,
    scoring: params.scoring ?? 'weighted',
  } as const;
  const exactIds = exact.map((e) => e.id);
  // The graph with the likely page's snippets (one statement), beside the named items' rows: the
  // page rarely changes once the graph has lent its shares, and what it lacks is fetched after.
  const around = async (candidates: Candidates) => {
    const preliminary = rankItems(candidates, { links: [], rows: [] }, context).sort(inScoreOrder);
    const strong = preliminary.slice(0, RANKING.strongHits).map((item) => item.row.id);
    const likelyPage = preliminary.slice(0, params.limit).map((item) => item.row.id);
    const [neighbours, exactRows] = await Promise.all([
      graphNeighbours(db, params.team, [...new Set([...strong, ...exactIds])], filters, {
        ids: params.after === undefined ? likelyPage : [],
        terms: understood.terms,
      }),
      rowsOf(
        db,
        params.team,
        exactIds.filter((id) => !candidates.rows.some((row) => row.id === id)),
      ),
    ]);
    return { neighbours, exactRows, likelySnippets: neighbours.snippets };
  };
  // Only when the question names someone, or a word matched nothing (a typo), does one more
  // statement look for their items or similar titles — beside the graph of the words'
  // candidates, which is asked again only if it found any.
  const [candidates, aroundFound] = await Promise.all([
    understood.terms.length === 0
      ? found
      : extraCandidates(db, params.team, understood.terms, found, people.identities, understood.window, filters),
    around(found),
  ]);
  const { neighbours, exactRows, likelySnippets } = candidates === found ? aroundFound : await around(candidates);
  const ranked: RankedItem[] = rankItems(candidates, neighbours, { ...context, fusion: params.fusion ?? 'sum' });

  // Named items come first, in the order named, whatever their text.
  const byId = new Map(ranked.map((item) => [item.row.id, item]));
  const top = ranked.reduce((max, item) => Math.max(max, item.score), 0);
  exact.forEach((e, i) => {
    const item = byId.get(e.id) ?? exactRows.get(e.id);
    if (!item) return;
    item.score = top + 1000 - i;
    item.why.unshift(`exact match for ${e.key}`);
    byId.set(e.id, item);
  });

  // Equal scores: the fresher first, then by id, so pages are stable.
  const ordered = [...byId.values()]
    .map((item) => ({ ...item, score: keyScore(item.score), updated: item.row.updated_at?.getTime() ?? 0 }))
    .sort(inPageOrder)
    .slice(0, RANKED_LIMIT);
  const after = params.after;
  const remaining =
    after === undefined
      ? ordered
      : ordered.filter(
          (item) => inPageOrder(item, { score: Number(after.score), updated: Number(after.updated), row: { id: after.id } }) > 0,
        );
  const page = remaining.slice(0, params.limit + 1);
  // The row past the limit only tells that more exist; it is never shown, so it needs no snippet.
  const missing = page
    .slice(0, params.limit)
    .map((item) => item.row.id)
    .filter((id) => !likelySnippets.has(id));
  const texts =
    missing.length === 0 ? likelySnippets : new Map([...likelySnippets, ...(await snippets(db, params.team, missing, understood.terms))]);
  const rows = page.map((item): SearchRow => {
    const snippet = texts.get(item.row.id) ?? '';
    return {
      item: { ...toItemSummary(item.row), ...(snippet === '' ? {} : { snippet }), score: item.score, why: item.why.join('; ') },
      key: [String(item.score), String(item.updated), item.row.id],
    };
  });
  return { rows, candidatesCapped: candidates.capped.some((capped) => capped) };
}

/** Ranked entries (no score yet) for named items that are not candidates. */
async function rowsOf(db: Kysely<Database>, team: string, ids: string[]): Promise<Map<string, RankedItem>> {
  const out = new Map<string, RankedItem>();
  if (ids.length === 0) return out;
  const result = await sql<RankedItem['row']>`
    select id, ref, parent_id, url, title, platform, kind, state, container, updated_at, created_at,
      platform || ':' || coalesce(author_external_id, '') as author_key
    from items where team = ${team} and id = any(${ids}) and removed_at is null`.execute(db);
  for (const row of result.rows) out.set(row.id, { row, score: 0, why: [] });
  return out;
}
