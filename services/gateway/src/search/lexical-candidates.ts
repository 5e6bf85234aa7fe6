import { type Database, preparedStatement } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { NeighbourRow } from './graph-neighbours.js';
import { namedChannelsSql } from './named-in-query.js';
import type { QueryTerm, TimeWindow } from './understand-query.js';

/**
 * Most items one term contributes. A common word matches most of a team's items; ranking all of
 * them would cost a scan per query, so each term brings its most recently updated matches — found
 * by walking the (team, updated_at) index backwards for common words, or straight from the
 * full-text index for rare ones. Every term gets its own share, so a rare word's old matches are
 * never crowded out by a common word's new ones. 120, 60 and 40 ranked the `tune` questions and
 * the keyword queries alike; every candidate costs a row read and its per-term matches, so the
 * smallest. The cap also decides when a term counts as common for its weight (`rank.ts`).
 */
export const TERM_CANDIDATE_CAP = 40;

/** Most items a named person, a named channel or a misspelt word brings. */
const EXTRA_CANDIDATE_CAP = 40;

/**
 * pg_trgm's default word-similarity threshold (0.6) misses one swapped letter in a nine-letter
 * word ("dashbaord"); this one finds it.
 */
const TYPO_SIMILARITY = '0.45';

/** A lexeme's text as a quoted `to_tsquery` operand (quotes and backslashes cannot break out). */
const operand = (word: string) => `'${word.replace(/[\\']/g, ' ').trim()}'`;

/** The `to_tsquery` text of a word or phrase: a phrase is its words adjacent (`'pull' <-> 'request'`). */
const phrase = (text: string, prefix: boolean) => {
  const parts = text.split(/\s+/).filter((part) => part.length > 0);
  return parts.map((part, i) => `${operand(part)}${prefix && i === parts.length - 1 ? ':*' : ''}`).join(' <-> ');
};

/** The tsquery text of a term: the word as asked (prefix-matched when it is a word of four letters or more) or any alias. */
export function termQueryText(term: QueryTerm): string {
  // Prefixes only for words: "tok12" should not match "tok12345", nor "v2.1" match "v2.14".
  const asked = phrase(term.word, /^\p{L}{4,}$/u.test(term.word));
  return [asked, ...term.aliases.map((alias) => phrase(alias, false))].map((part) => `(${part})`).join(' | ');
}

/** The tsquery text matching the asked words only (no aliases), for snippets and proximity. */
export function askedQueryText(terms: readonly QueryTerm[]): string {
  return terms.map((term) => `(${phrase(term.word, false)})`).join(' | ');
}

/** A candidate row with what of it each term matched. */
export interface CandidateRow extends NeighbourRow {
  /** Per term: matched in the title / matched in the body. */
  in_title: boolean[];
  in_body: boolean[];
  /** Cover density of the asked words (how close together they occur), 0 … 1. */
  density: number;
  body_length: number;
  /** The terms whose matches brought it (-1: a named person or channel). */
  term_hits: number[];
}

/** Candidates, and which terms hit their cap. */
export interface Candidates {
  rows: CandidateRow[];
  capped: boolean[];
}

/** What brings items in besides their words: the channels the question names, in its time window. */
export interface NamedSources {
  /** Channel names written `#name`. */
  channels: readonly string[];
  window: TimeWindow | null;
}

/** A person the question names, as one platform knows them (see `namedPeople`). */
export interface NamedIdentity {
  platform: string;
  externalId: string;
}

const whereClause = (filters: readonly RawBuilder<unknown>[]) =>
  filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;

/**
 * Postgres' English stop words of five letters or more (its `english.stop`) that the question
 * reading keeps as terms: they have no lexeme, so they match nothing and are no typo either (the
 * statement checks that too; this spares asking).
 */
const STOP_WORDS = new Set(
  'myself ourselves yours yourself yourselves himself herself itself their theirs themselves which these those being having doing because until while about against between through during before after above below under again further there where other should'.split(
    ' ',
  ),
);

/** Words that may be misspelt: a word of five letters or more (numbers and identifiers are never "near"). */
const mayBeMisspelt = (word: string) => /^\p{L}{5,}$/u.test(word) && !STOP_WORDS.has(word);

const termQuery = (term: QueryTerm) => sql`to_tsquery('english', ${termQueryText(term)})`;

const windowClause = (window: TimeWindow | null) =>
  window === null
    ? sql``
    : sql` and coalesce(created_at, updated_at) >= ${window.since}::timestamptz and coalesce(created_at, updated_at) < ${window.until}::timestamptz`;

/**
 * Reads the candidates that `hits` (rows of `tid`, `id`, `term`, after `ctes`) found: their
 * summary columns through the ctid (a TID scan, not a second index descent each), what every term
 * matched in title and body, and the cover density of the asked words. The terms' queries are the
 * CTE `t` (`term`, `q`, `misspelt`), which `ctes` and `hits` may use; the statement's text depends
 * only on theirs, so it is prepared when `prepared` names it.
 */
async function readCandidates(
  db: Kysely<Database>,
  team: string,
  terms: readonly QueryTerm[],
  ctes: readonly RawBuilder<unknown>[],
  hits: readonly RawBuilder<unknown>[],
  options: { prepared?: string; trigramHits?: boolean } = {},
): Promise<CandidateRow[]> {
  // A word matched only by trigrams (a typo) counts as a title match of that word (only a
  // statement with trigram hits needs the check). The terms go as one JSON value: Postgres cannot
  // see into it when it plans, so every search's plan costs the same and a prepared statement
  // settles on one generic plan (an array would be counted, each search would look cheaper
  // planned for itself, and be planned every time).
  const termsJson = JSON.stringify(
    terms.map((term) => ({ text: termQueryText(term), misspelt: options.trigramHits === true && mayBeMisspelt(term.word) })),
  );
  // Each term's query and flag as a scalar subquery: evaluated once per statement (an InitPlan),
  // not once per row, whatever the plan. The text then depends on the number of terms only.
  const query = (j: number) => sql`(select q from t where term = ${sql.lit(j)})`;
  const misspeltAt = (j: number) => sql`(select misspelt from t where term = ${sql.lit(j)})`;
  const perTerm = (match: (j: number) => RawBuilder<unknown>) =>
    sql`array_to_string(array[${sql.join(terms.map((_, j) => sql`coalesce(${match(j)}, false)`))}]::bool[], '')`;
  // The per-term matches travel as text ('tft', '0,2'): pg parses arrays of a row slowly, and a
  // question's statement returns up to 200 rows of three.
  const result = await sql<
    Omit<CandidateRow, 'in_title' | 'in_body' | 'term_hits'> & { in_title: string; in_body: string; term_hits: string }
  >`${options.prepared === undefined ? sql`` : preparedStatement(options.prepared)}
    with t as materialized (
      select (n - 1)::int as term, to_tsquery('english', e->>'text') as q, (e->>'misspelt')::bool as misspelt
      from jsonb_array_elements(${termsJson}::jsonb) with ordinality u(e, n)),
    ${ctes.length === 0 ? sql`` : sql`${sql.join(ctes, sql`, `)},`}
    hits as (${sql.join(hits, sql` union all `)}),
    candidates as (select min(tid) as tid, id, array_agg(term) as term_hits from hits group by id)
    select i.id, i.ref, i.parent_id, i.url, i.title, i.platform, i.kind, i.state, i.container, i.updated_at, i.created_at,
      i.platform || ':' || coalesce(i.author_external_id, '') as author_key,
      ${perTerm((j) => sql`i.search_title @@ ${query(j)} or (${misspeltAt(j)} and ${sql.lit(j)} = any(c.term_hits) and not i.search @@ ${query(j)})`)} as in_title,
      ${perTerm((j) => sql`i.search_body @@ ${query(j)}`)} as in_body,
      ts_rank_cd(i.search, (select to_tsquery('english', ${askedQueryText(terms)})), 32)::float8 as density,
      length(i.body) as body_length,
      array_to_string(c.term_hits, ',') as term_hits
    from candidates c join items i on i.ctid = c.tid
    where i.team = ${team} and i.id = c.id and i.removed_at is null`.execute(db);
  const flags = (text: string) => Array.from(text, (flag) => flag === 't');
  return result.rows.map((row) => ({
    ...row,
    in_title: flags(row.in_title),
    in_body: flags(row.in_body),
    term_hits: row.term_hits.split(',').map(Number),
  }));
}

/** How many candidates each term brought; a term that brought the cap may have more matches. */
const cappedTerms = (rows: readonly CandidateRow[], termCount: number): boolean[] => {
  const perTerm = Array.from({ length: termCount }, () => 0);
  for (const row of rows) for (const term of row.term_hits) if (term >= 0) perTerm[term] = (perTerm[term] ?? 0) + 1;
  return perTerm.map((n) => n >= TERM_CANDIDATE_CAP);
};

/**
 * The candidates of a question's words, in one statement: each term's most recent matches (OR
 * semantics, see {@link TERM_CANDIDATE_CAP}), and the items in the channels the question names
 * (within its window). Each row says what every term matched in its title and body, and which
 * terms hit their cap. What only some questions need — a named person's items, titles like a
 * misspelt word — is {@link extraCandidates}, asked only when it is needed, so that the common
 * statement stays small. Without filters it is a prepared statement and not planned per search
 * (see `search_term_matches`, migration 0034); with filters it is planned for its words.
 */
export async function lexicalCandidates(
  db: Kysely<Database>,
  team: string,
  terms: readonly QueryTerm[],
  named: NamedSources,
  filters: readonly RawBuilder<unknown>[],
  /** Where the team's recent window starts (`recentWindowSince`), or null to search all items at once. */
  recentSince: string | null = null,
): Promise<Candidates> {
  // Every other source of candidates needs a word to come from (a `#channel` is a term too).
  if (terms.length === 0) return { rows: [], capped: [] };
  const where = whereClause(filters);
  const ctes: RawBuilder<unknown>[] = [];
  const hits: RawBuilder<unknown>[] = [];
  if (filters.length === 0) {
    // Each term's most recent matches from `search_term_matches` (migration 0034), whose plan is
    // made once per connection; this statement's text does not depend on the words either, so it
    // is prepared too, and a search is not planned at all. A term without a lexeme (a stop word)
    // matches nothing and is not looked up.
    hits.push(sql`select m.tid, m.id, t.term from t
      cross join lateral search_term_matches(${team}, t.q, ${recentSince}::timestamptz, ${TERM_CANDIDATE_CAP}) m
      where numnode(t.q) > 0`);
  } else {
    // Filters change what each scan can use, so these statements are planned for their words:
    // each term's most recent matches, first among the recent window's items (its full-text
    // matches intersected with the window's block ranges, `items_recency_brin`, so only matches in
    // the window are read), then, only if the window held fewer than the cap, among the older
    // items (the full-text index alone). Items without an update time sort first, so they belong
    // to the window, as the index's expression has it.
    terms.forEach((term, i) => {
      // A stop word with no alias has no lexeme: it matches nothing, and its two scans would only be planned.
      if (STOP_WORDS.has(term.word) && term.aliases.length === 0) return;
      const matches = sql`from items where team = ${team} and removed_at is null and search @@ ${termQuery(term)}${where}`;
      if (recentSince === null) {
        hits.push(sql`(select ctid as tid, id, ${i}::int as term ${matches} order by updated_at desc limit ${TERM_CANDIDATE_CAP})`);
        return;
      }
      const recent = sql.ref(`term_recent_${i}`);
      ctes.push(sql`${recent} as materialized (select ctid as tid, id ${matches}
        and coalesce(updated_at, 'infinity'::timestamptz) >= ${recentSince}::timestamptz order by updated_at desc limit ${TERM_CANDIDATE_CAP})`);
      hits.push(sql`(select tid, id, ${i}::int as term from ${recent}) union all (select ctid, id, ${i}::int ${matches}
        and updated_at < ${recentSince}::timestamptz order by updated_at desc limit (select ${TERM_CANDIDATE_CAP} - count(*) from ${recent}))`);
    });
  }
  if (named.channels.length > 0) {
    hits.push(sql`(select i.ctid, i.id, -1 from (${namedChannelsSql(team, named.channels)}) c
      cross join lateral (select ctid, id from items
        where team = ${team} and container = c.container and platform = c.platform and removed_at is null${windowClause(named.window)}${where}
        order by updated_at desc limit ${EXTRA_CANDIDATE_CAP}) i)`);
  }
  if (hits.length === 0) return { rows: [], capped: terms.map(() => false) };
  const rows = await readCandidates(db, team, terms, ctes, hits, filters.length === 0 ? { prepared: 'search-candidates' } : {});
  return { rows, capped: cappedTerms(rows, terms.length) };
}

/**
 * Adds what {@link lexicalCandidates} leaves out, when the question needs it: the items of the
 * people it names (within its window), and for a word that matched nothing (a typo), titles
 * holding a similar word, by trigram word similarity. One more statement, only then; the result
 * is what one statement holding every branch would give, and `found` itself when it adds nothing.
 */
export async function extraCandidates(
  db: Kysely<Database>,
  team: string,
  terms: readonly QueryTerm[],
  found: Candidates,
  people: readonly NamedIdentity[],
  window: TimeWindow | null,
  filters: readonly RawBuilder<unknown>[],
): Promise<Candidates> {
  const matched = new Set(found.rows.flatMap((row) => row.term_hits));
  const typos = terms
    .map((term, i) => ({ term: i, word: term.word }))
    .filter(({ term, word }) => mayBeMisspelt(word) && !matched.has(term));
  if (people.length === 0 && typos.length === 0) return found;
  const where = whereClause(filters);
  const ctes: RawBuilder<unknown>[] = [];
  const hits: RawBuilder<unknown>[] = [];
  if (people.length > 0) {
    hits.push(sql`(select ctid as tid, id, -1 as term from items
      where team = ${team} and removed_at is null
        and (platform, author_external_id) in (select * from unnest(${people.map((p) => p.platform)}::text[], ${people.map((p) => p.externalId)}::text[]))${windowClause(window)}${where}
      order by updated_at desc limit ${EXTRA_CANDIDATE_CAP})`);
  }
  if (typos.length > 0) {
    // The threshold is set for this statement only (set_config local to its implicit
    // transaction) before the lateral subquery that uses it runs; a stop word ("while") has no
    // lexeme and is never a typo.
    const branches = typos.map(
      ({ term, word }) => sql`(select ctid as tid, id, ${term}::int as term from items
        where s.threshold is not null and numnode(plainto_tsquery('english', ${word})) > 0
          and team = ${team} and removed_at is null and lower(title) %> ${word}${where}
        order by word_similarity(${word}, lower(title)) desc limit ${EXTRA_CANDIDATE_CAP})`,
    );
    ctes.push(sql`fuzzy_hits as (select f.* from (select set_config('pg_trgm.word_similarity_threshold', ${TYPO_SIMILARITY}, true) as threshold) s
      cross join lateral (${sql.join(branches, sql` union all `)}) f)`);
    hits.push(sql`select * from fuzzy_hits`);
  }
  const extra = await readCandidates(db, team, terms, ctes, hits, { trigramHits: typos.length > 0 });
  // Nothing more: the same candidates (the caller then knows nothing changed).
  if (extra.length === 0) return found;
  // An item both statements found is one candidate: what either saw it match, and every term that brought it.
  const byId = new Map(found.rows.map((row) => [row.id, row]));
  for (const row of extra) {
    const seen = byId.get(row.id);
    byId.set(
      row.id,
      seen === undefined
        ? row
        : {
            ...seen,
            in_title: seen.in_title.map((value, t) => value || row.in_title[t] === true),
            in_body: seen.in_body.map((value, t) => value || row.in_body[t] === true),
            term_hits: [...seen.term_hits, ...row.term_hits],
          },
    );
  }
  const rows = [...byId.values()];
  return { rows, capped: cappedTerms(rows, terms.length) };
}
