import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';

const MARKER = '/* pipe:prepared ';

/**
 * Put first in a hot statement whose text never varies (values are parameters): the pool sends it
 * as a named prepared statement, so each connection plans it once instead of on every call. For
 * a query like get_item's — several joins and subqueries over a primary-key lookup — planning
 * costs Postgres more than running it.
 *
 * Postgres re-plans a prepared statement by itself when a table it uses changes (an index, a
 * column, `pipe replay` moving the tables between schemas), resolving names again through the
 * search path. Statements whose text varies (search with optional filters) are left unprepared.
 */
export const preparedStatement = (name: string): RawBuilder<unknown> => {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`prepared statement name '${name}' must be lowercase letters, digits and dashes`);
  return sql.raw(`${MARKER}${name} */ `);
};

/** The n-th value (from 1) of a {@link fixedStatement}, written into its text as `$n`. */
export const param = (n: number): RawBuilder<unknown> => sql.raw(`$${n}`);

/**
 * A prepared statement (see {@link preparedStatement}) that is also compiled to SQL only once: on
 * the hottest paths (every request's API key, get_item) building the statement from its template
 * and hashing its text for the statement name cost more than sending it. Its values must be
 * {@link param}s, and constants `sql.lit(…)`, so the text never varies; a value interpolated by
 * mistake is refused at the first call.
 */
export function fixedStatement<Row>(
  name: string,
  body: RawBuilder<unknown>,
): (db: Kysely<Database>, values: readonly unknown[]) => Promise<QueryResult<Row>> {
  const statement = sql<Row>`${preparedStatement(name)}${body}`;
  let text: string | undefined;
  return async (db, values) => {
    if (text === undefined) {
      const compiled = statement.compile(db);
      if (compiled.parameters.length > 0) {
        throw new Error(
          `statement '${name}' has values of its own: write them as param(n), constants as sql.lit(…), so its text never varies`,
        );
      }
      text = compiled.sql;
    }
    return db.executeQuery<Row>(CompiledQuery.raw(text, [...values]) as CompiledQuery<Row>);
  };
}

type Query = (text: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Makes every client of `pool` send statements that start with a {@link preparedStatement} marker
 * as named prepared statements. The name carries a hash of the text, so two texts can never
 * share a name (which pg would reject).
 */
export function sendMarkedStatementsPrepared(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as Query;
    (client as unknown as { query: Query }).query = (text, values, callback) => {
      if (typeof text === 'string' && text.startsWith(MARKER)) return query({ name: statementName(text), text, values }, callback);
      return query(text, values, callback);
    };
  });
}

/** Names by statement text: a marked statement's text never varies, so each is hashed once, not per call. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `${text.slice(MARKER.length, text.indexOf(' */'))}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
    names.set(text, name);
  }
  return name;
}
