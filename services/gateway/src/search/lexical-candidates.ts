import type { NeighbourRow } from './graph-neighbours.js';
import type { Database } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { QueryTerm } from './understand-query.js';

/**
 * Most items one term contributes. A common word matches most of a team's items; ranking all of
 * them would cost a scan per query, so each term brings its most recently updated matches — found
 * by walking the (team, updated_at) index backwards for common words, or straight from the
 * full-text index for rare ones. Every term gets its own share, so a rare word's old matches are
 * never crowded out by a common word's new ones.
 */
export const TERM_CANDIDATE_CAP = 120;

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

/** The rows of `branches` (each `select id, <term index>`), with what each term matched. */
async function candidateRows(
  db: Kysely<Database>,
  team: string,
  terms: readonly QueryTerm[],
  branches: readonly RawBuilder<unknown>[],
  fuzzy: readonly { index: number; word: string }[] = [],
): Promise<(CandidateRow & { term_hits: number[] })[]> {
  const queries = terms.map((term) => sql`to_tsquery('english', ${termQueryText(term)})`);
  // A word matched only by trigrams (a typo) counts as a title match of that word.
  const inTitle = queries.map((query, i) => {
    const near = fuzzy.find((f) => f.index === i);
    return near ? sql`(i.search_title @@ ${query} or lower(i.title) %> ${near.word})` : sql`i.search_title @@ ${query}`;
  });
  const asked = sql`to_tsquery('english', ${askedQueryText(terms)})`;
  const result = await sql<CandidateRow & { term_hits: number[] }>`
    with hits as (${sql.join(branches, sql` union all `)}),
    candidates as (select id, array_agg(term) as term_hits from hits group by id)
    select i.id, i.ref, i.parent_id, i.url, i.title, i.platform, i.kind, i.state, i.container, i.updated_at, i.created_at,
      i.platform || ':' || coalesce(i.author_external_id, '') as author_key,
      ${boolArray(inTitle)} as in_title,
      ${boolArray(queries.map((query) => sql`i.search_body @@ ${query}`))} as in_body,
      ts_rank_cd(i.search, ${asked}, 32)::float8 as density,
      length(i.body) as body_length,
      c.term_hits
    from candidates c join items i on i.team = ${team} and i.id = c.id and i.removed_at is null`.execute(db);
  return result.rows;
}

const boolArray = (parts: readonly RawBuilder<unknown>[]) =>
  parts.length === 0 ? sql`'{}'::bool[]` : sql`array[${sql.join(parts, sql`, `)}]::bool[]`;

const whereClause = (filters: readonly RawBuilder<unknown>[]) =>
  filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;

/** Candidates of all terms, with their per-term matches, and which terms hit their cap. */
export async function lexicalCandidates(
  db: Kysely<Database>,
  team: string,
  terms: readonly QueryTerm[],
  filters: readonly RawBuilder<unknown>[],
): Promise<{ rows: CandidateRow[]; capped: boolean[] }> {
  if (terms.length === 0) return { rows: [], capped: [] };
  const branches = terms.map(
    (term, i) => sql`(select id, ${i}::int as term from items
      where team = ${team} and removed_at is null and search @@ to_tsquery('english', ${termQueryText(term)})${whereClause(filters)}
      order by updated_at desc limit ${TERM_CANDIDATE_CAP})`,
  );
  const rows = await candidateRows(db, team, terms, branches);
  const perTerm = terms.map(() => 0);
  for (const row of rows) for (const term of row.term_hits) perTerm[term] = (perTerm[term] ?? 0) + 1;
  return { rows, capped: perTerm.map((n) => n >= TERM_CANDIDATE_CAP) };
}

/** Most items a named person or a misspelt word brings. */
const EXTRA_CANDIDATE_CAP = 40;

/**
 * Candidates the words alone cannot find: items by the people the question names (within its time
 * window, when it has one), and titles with a word similar to a question word that matched nothing
 * (a typo), by trigram word similarity. Same row shape as {@link lexicalCandidates}.
 */
export async function extraCandidates(
  db: Kysely<Database>,
  team: string,
  terms: readonly QueryTerm[],
  filters: readonly RawBuilder<unknown>[],
  extra: {
    authorKeys: readonly string[];
    window: { since: string; until: string } | null;
    fuzzy: readonly { index: number; word: string }[];
  },
): Promise<CandidateRow[]> {
  const branches: RawBuilder<unknown>[] = [];
  if (extra.authorKeys.length > 0) {
    const window =
      extra.window === null
        ? sql``
        : sql` and coalesce(created_at, updated_at) >= ${extra.window.since}::timestamptz and coalesce(created_at, updated_at) < ${extra.window.until}::timestamptz`;
    branches.push(sql`(select id, -1 as term from items
      where team = ${team} and removed_at is null and platform || ':' || coalesce(author_external_id, '') = any(${extra.authorKeys})${window}${whereClause(filters)}
      order by updated_at desc limit ${EXTRA_CANDIDATE_CAP})`);
  }
  for (const near of extra.fuzzy) {
    branches.push(sql`(select id, ${near.index}::int as term from items
      where team = ${team} and removed_at is null and lower(title) %> ${near.word}${whereClause(filters)}
      order by word_similarity(${near.word}, lower(title)) desc limit ${EXTRA_CANDIDATE_CAP})`);
  }
  if (branches.length === 0) return [];
  if (extra.fuzzy.length === 0) return candidateRows(db, team, terms, branches);
  // pg_trgm's default word-similarity threshold (0.6) misses one swapped letter in a nine-letter word.
  return db.transaction().execute(async (trx) => {
    await sql`set local pg_trgm.word_similarity_threshold = 0.45`.execute(trx);
    return candidateRows(trx, team, terms, branches, extra.fuzzy);
  });
}
