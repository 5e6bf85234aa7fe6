import { type Database, preparedStatement } from '@pipe/db';
import { type RawBuilder, type Transaction, sql } from 'kysely';

/** The transaction every writer of a batch shares. */
export type Tx = Transaction<Database>;

/**
 * Runs independent writes (`null` for nothing to write) as one statement: all but the last become
 * data-modifying `WITH` parts, which Postgres runs to completion whether or not anything reads
 * them. One round trip instead of one per table — under load each round trip costs both processes
 * a system call and a wake-up, and the batch's latency grows with their number. The writes must
 * not depend on each other: they all see the rows as they were before the statement. Returns the
 * number of rows the last write changed.
 */
export async function writeTogether(tx: Tx, writes: readonly (RawBuilder<unknown> | null)[]): Promise<{ lastWriteRows?: bigint }> {
  const statements = writes.filter((write) => write !== null);
  const last = statements.pop();
  if (!last) return {};
  const together =
    statements.length === 0
      ? last
      : sql`with ${sql.join(statements.map((statement, i) => sql`${sql.raw(`w${i}`)} as (${statement})`))} ${last}`;
  // Prepared: the text depends only on which writes are present, so each connection parses and
  // plans each combination once.
  const result = await sql`${preparedStatement('batch-writes')}${together}`.execute(tx);
  return result.numAffectedRows === undefined ? {} : { lastWriteRows: result.numAffectedRows };
}
