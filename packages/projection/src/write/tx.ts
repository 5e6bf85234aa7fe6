import type { Database } from '@pipe/db';
import type { Transaction } from 'kysely';

/** The transaction every writer of a batch shares. */
export type Tx = Transaction<Database>;

/** Column arrays for `unnest`: one array per column, the same length each. */
export function columns<Row, K extends keyof Row>(rows: readonly Row[], keys: readonly K[]): Row[K][][] {
  return keys.map((key) => rows.map((row) => row[key]));
}
