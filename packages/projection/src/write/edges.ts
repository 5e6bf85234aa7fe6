import { type EdgesTable, preparedStatement } from '@pipe/db';
import { type Insertable, sql } from 'kysely';
import { type Tx, columns } from './tx.js';

/** An edge row the projector derived (origin `text` or `structure`) or a source stated. */
export type EdgeRow = Required<Insertable<EdgesTable>>;

const KEYS = ['team', 'from_id', 'to_ref', 'type', 'origin', 'rule', 'snippet', 'event_id'] as const satisfies readonly (keyof EdgeRow)[];

/** Inserts edges in one statement; an edge already there is left as it is. */
export async function insertEdges(tx: Tx, edges: readonly EdgeRow[]): Promise<void> {
  if (edges.length === 0) return;
  const c = columns(edges, KEYS);
  await sql`${preparedStatement('insert-edges')}
    insert into edges (${sql.join(KEYS.map((k) => sql.ref(k)))})
    select * from unnest(${c[0]}::text[], ${c[1]}::text[], ${c[2]}::text[], ${c[3]}::text[], ${c[4]}::text[], ${c[5]}::text[], ${c[6]}::text[], ${c[7]}::text[])
    on conflict do nothing`.execute(tx);
}

/** Deletes edges by their full key. */
export async function deleteEdges(tx: Tx, edges: readonly Pick<EdgeRow, 'team' | 'from_id' | 'to_ref' | 'type' | 'origin'>[]): Promise<void> {
  if (edges.length === 0) return;
  const c = columns(edges, ['team', 'from_id', 'to_ref', 'type', 'origin'] as const);
  await sql`
    delete from edges
    where (team, from_id, to_ref, type, origin) in
      (select * from unnest(${c[0]}::text[], ${c[1]}::text[], ${c[2]}::text[], ${c[3]}::text[], ${c[4]}::text[]))`.execute(tx);
}
