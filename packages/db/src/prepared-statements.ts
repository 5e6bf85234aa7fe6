import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

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
