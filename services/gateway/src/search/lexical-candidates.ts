import type { Database } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { NeighbourRow } from './graph-neighbours.js';
import { namedChannelsSql, namedIdentitiesSql } from './named-in-query.js';
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
}

/** What brings items in besides their words: the people and channels the question names, in its time window. */
export interface NamedSources {
  /** Words that may name people (see `namedIdentitiesSql`). */
  personWords: readonly string[];
  /** Channel names written `#name`. */
  channels: readonly string[];
  window: TimeWindow | null;
}

const boolArray = (parts: readonly RawBuilder<unknown>[]) =>
  parts.length === 0 ? sql`'{}'::bool[]` : sql`array[${sql.join(parts, sql`, `)}]::bool[]`;

const whereClause = (filters: readonly RawBuilder<unknown>[]) =>
  filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;

/** Words that may be misspelt: a word of five letters or more (numbers and identifiers are never "near"). */
const mayBeMisspelt = (word: string) => /^\p{L}{5,}$/u.test(word);

/**
 * The candidates of a question, in one statement: each term's most recent matches (OR semantics,
 * see {@link TERM_CANDIDATE_CAP}); for a word that matched nothing (a typo), titles holding a
 * similar word, by trigram word similarity; items by the people and in the channels the question
 * names (within its window). Each row says what every term matched in its title and body, and
 * which terms hit their cap.
 */
export async function lexicalCandidates(
  db: Kysely<Database>,
  team: string,
  terms: readonly QueryTerm[],
  named: NamedSources,
  filters: readonly RawBuilder<unknown>[],
): Promise<{ rows: CandidateRow[]; capped: boolean[] }> {
  // Every other source of candidates needs a word to come from (a name or `#channel` is a term too).
  if (terms.length === 0) return { rows: [], capped: [] };
  const where = whereClause(filters);
  const queries = terms.map((term) => sql`to_tsquery('english', ${termQueryText(term)})`);
  // Each branch returns the row's ctid: the statement reads the candidates' columns through it
  // (a TID scan) instead of a second index descent per candidate.
  const termBranches = terms.map(
    (_, i) => sql`(select ctid as tid, id, ${i}::int as term from items
      where team = ${team} and removed_at is null and search @@ ${queries[i]}${where}
      order by updated_at desc limit ${TERM_CANDIDATE_CAP})`,
  );
  const window =
    named.window === null
      ? sql``
      : sql` and coalesce(created_at, updated_at) >= ${named.window.since}::timestamptz and coalesce(created_at, updated_at) < ${named.window.until}::timestamptz`;
  const extraBranches: RawBuilder<unknown>[] = [];
  const ctes: RawBuilder<unknown>[] = [];
  if (named.personWords.length > 0) {
    // The exists is a one-time filter: when the words name nobody, the items are never walked.
    ctes.push(sql`named_people as materialized (${namedIdentitiesSql(team, named.personWords)})`);
    extraBranches.push(sql`(select ctid, id, -1 from items
      where exists (select 1 from named_people) and team = ${team} and removed_at is null
        and (platform, author_external_id) in (select platform, external_id from named_people)${window}${where}
      order by updated_at desc limit ${EXTRA_CANDIDATE_CAP})`);
  }
  if (named.channels.length > 0) {
    extraBranches.push(sql`(select i.ctid, i.id, -1 from (${namedChannelsSql(team, named.channels)}) c
      cross join lateral (select ctid, id from items
        where team = ${team} and container = c.container and platform = c.platform and removed_at is null${window}${where}
        order by updated_at desc limit ${EXTRA_CANDIDATE_CAP}) i)`);
  }
  // A word that matched nothing looks for titles with a similar word. The threshold is set for
  // this statement only (set_config local to its implicit transaction) before the lateral
  // subquery that uses it runs; a stop word ("while") has no lexeme and is never a typo.
  const fuzzy = terms.map((term, i) => ({ term: i, word: term.word })).filter(({ word }) => mayBeMisspelt(word));
  const fuzzyBranches = fuzzy.map(
    ({ term, word }) => sql`(select ctid, id, ${term}::int from items
      where s.threshold is not null and numnode(plainto_tsquery('english', ${word})) > 0
        and not exists (select 1 from term_hits where term = ${term})
        and team = ${team} and removed_at is null and lower(title) %> ${word}${where}
      order by word_similarity(${word}, lower(title)) desc limit ${EXTRA_CANDIDATE_CAP})`,
  );
  ctes.unshift(sql`term_hits as (${sql.join(termBranches, sql` union all `)})`);
  const parts = [sql`select tid, id, term from term_hits`, ...extraBranches];
  if (fuzzyBranches.length > 0) {
    ctes.push(sql`fuzzy_hits as (select f.* from (select set_config('pg_trgm.word_similarity_threshold', ${TYPO_SIMILARITY}, true) as threshold) s
      cross join lateral (${sql.join(fuzzyBranches, sql` union all `)}) f)`);
    parts.push(sql`select * from fuzzy_hits`);
  }
  // A word matched only by trigrams (a typo) counts as a title match of that word.
  const inTitle = queries.map((query, i) =>
    mayBeMisspelt(terms[i]?.word ?? '')
      ? sql`(i.search_title @@ ${query} or (${i} = any(c.term_hits) and not i.search @@ ${query}))`
      : sql`i.search_title @@ ${query}`,
  );
  const asked = sql`to_tsquery('english', ${askedQueryText(terms)})`;
  const result = await sql<CandidateRow & { term_hits: number[] }>`
    with ${sql.join(ctes, sql`, `)},
    hits as (${sql.join(parts, sql` union all `)}),
    candidates as (select min(tid) as tid, id, array_agg(term) as term_hits from hits group by id)
    select i.id, i.ref, i.parent_id, i.url, i.title, i.platform, i.kind, i.state, i.container, i.updated_at, i.created_at,
      i.platform || ':' || coalesce(i.author_external_id, '') as author_key,
      ${boolArray(inTitle)} as in_title,
      ${boolArray(queries.map((query) => sql`i.search_body @@ ${query}`))} as in_body,
      ts_rank_cd(i.search, ${asked}, 32)::float8 as density,
      length(i.body) as body_length,
      c.term_hits
    from candidates c join items i on i.ctid = c.tid
    where i.team = ${team} and i.id = c.id and i.removed_at is null`.execute(db);
  const perTerm = terms.map(() => 0);
  for (const row of result.rows) for (const term of row.term_hits) if (term >= 0) perTerm[term] = (perTerm[term] ?? 0) + 1;
  return { rows: result.rows, capped: perTerm.map((n) => n >= TERM_CANDIDATE_CAP) };
}
