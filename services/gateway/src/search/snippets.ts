import { type Database, preparedStatement } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { askedQueryText } from './lexical-candidates.js';
import type { QueryTerm } from './understand-query.js';

const HEADLINE_OPTIONS = 'MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … ", StartSel=<b>, StopSel=</b>';

/**
 * The snippets of items `ids` as SQL rows (`id`, `snippet`): the asked words' matches in their
 * bodies, in <b>…</b>. Made for a page's rows only: `ts_headline` reads the whole body (≈ 0.1 ms a
 * row). Its text never varies, so it can be part of a prepared statement; the query is a scalar
 * subquery, so a generic plan parses it once rather than once per row.
 */
export const snippetsSql = (team: string, ids: readonly string[], terms: readonly QueryTerm[]): RawBuilder<unknown> => sql`
  select id, ts_headline('english', body, (select to_tsquery('english', ${askedQueryText(terms)})), ${HEADLINE_OPTIONS}) as snippet
  from items where team = ${team} and id = any(${ids})`;

/** Snippets of items `ids` (see {@link snippetsSql}), by id. */
export async function snippets(
  db: Kysely<Database>,
  team: string,
  ids: readonly string[],
  terms: readonly QueryTerm[],
): Promise<Map<string, string>> {
  if (ids.length === 0 || terms.length === 0) return new Map();
  const result = await sql<{
    id: string;
    snippet: string;
  }>`${preparedStatement('search-snippets')}${snippetsSql(team, ids, terms)}`.execute(db);
  return new Map(result.rows.map((row) => [row.id, row.snippet.trim()]));
}
