import { type Database, preparedStatement } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';

/** Relations along which a strong hit lends part of its score. */
export const SHARING_EDGES = ['CLOSES', 'REFERENCES', 'REPLIES_TO', 'DUPLICATES', 'BLOCKS'] as const;

/** How an item is linked to a hit: by an edge (either direction), or as the hit's thread parent or child. */
export interface NeighbourLink {
  hit: string;
  neighbour: string;
  /** The edge type, or PARENT (the neighbour is the hit's thread root / issue) or CHILD (a reply or comment of it). */
  relation: string;
  /** True when the edge points from the neighbour to the hit (the neighbour CLOSES the hit). */
  towardsHit: boolean;
}

/** A neighbour's summary columns (for items that were not candidates themselves). */
export interface NeighbourRow {
  id: string;
  ref: string;
  parent_id: string | null;
  url: string | null;
  title: string;
  platform: string;
  kind: string;
  state: string | null;
  container: string | null;
  updated_at: Date | null;
  created_at: Date | null;
  author_key: string;
}

/**
 * The live items linked to `hits` by a sharing edge (both directions) or by the thread (parent and
 * children), with their summary columns, in one round trip. Removed items never come back.
 */
export async function graphNeighbours(
  db: Kysely<Database>,
  team: string,
  hits: readonly string[],
  filters: readonly RawBuilder<unknown>[],
): Promise<{ links: NeighbourLink[]; rows: NeighbourRow[] }> {
  if (hits.length === 0) return { links: [], rows: [] };
  const filterClause = filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;
  // Without filters the text never varies: planned once per connection.
  const prepared = filters.length === 0 ? preparedStatement('search-graph-neighbours') : sql``;
  const result = await sql<NeighbourRow & { hit: string; relation: string; towards_hit: boolean }>`${prepared}
    with h as materialized (select id, ref, parent_id from items where team = ${team} and id = any(${hits})),
    links as materialized (
      select h.id as hit, t.id as neighbour, e.type as relation, false as towards_hit
      from h join edges e on e.team = ${team} and e.from_id = h.id and e.type = any(${SHARING_EDGES})
      join lateral (select id from items t where t.team = ${team} and t.ref = e.to_ref limit 5) t on true
      union all
      select h.id, e.from_id, e.type, true
      from h join edges e on e.team = ${team} and e.to_ref = h.ref and e.type = any(${SHARING_EDGES})
      union all
      select h.id, h.parent_id, 'PARENT', false from h where h.parent_id is not null
      union all
      select h.id, c.id, 'CHILD', true from h join lateral (
        select id from items c where c.team = ${team} and c.parent_id = h.id and c.removed_at is null order by updated_at desc limit 20
      ) c on true
    )
    select distinct on (l.hit, l.neighbour, l.relation) l.hit, l.neighbour as id, l.relation, l.towards_hit,
      i.ref, i.parent_id, i.url, i.title, i.platform, i.kind, i.state, i.container, i.updated_at, i.created_at,
      i.platform || ':' || coalesce(i.author_external_id, '') as author_key
    from links l join items i on i.team = ${team} and i.id = l.neighbour and i.removed_at is null${filterClause}
    where l.neighbour <> l.hit`.execute(db);
  return {
    links: result.rows.map((row) => ({ hit: row.hit, neighbour: row.id, relation: row.relation, towardsHit: row.towards_hit })),
    rows: result.rows,
  };
}
