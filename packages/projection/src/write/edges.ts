import { type RowOf, columnNames, edgesTable, insertUnnested, preparedStatement, unnestArrays } from '@pipe/db';
import { sql } from 'kysely';
import type { Tx } from './tx.js';

/** An edge row the projector derived (origin `text` or `structure`) or a source stated. */
export type EdgeRow = RowOf<typeof edgesTable>;

/** An edge's key: what {@link deleteEdges} needs of it. */
export type EdgeKey = Pick<EdgeRow, (typeof edgesTable.key)[number]>;

const KEY = columnNames(edgesTable, edgesTable.key);

/** Inserts edges in one statement; an edge already there is left as it is. */
export async function insertEdges(tx: Tx, edges: readonly EdgeRow[]): Promise<void> {
  if (edges.length === 0) return;
  await sql`${preparedStatement('insert-edges')}
    ${insertUnnested(edgesTable, edges)}
    on conflict do nothing`.execute(tx);
}

/** Deletes edges by their full key. */
export async function deleteEdges(tx: Tx, edges: readonly EdgeKey[]): Promise<void> {
  if (edges.length === 0) return;
  await sql`
    delete from edges
    where (${KEY}) in (select * from unnest(${unnestArrays(edgesTable, edgesTable.key, edges)}))`.execute(tx);
}
