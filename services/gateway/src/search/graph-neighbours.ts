import { type Database, preparedStatement } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { snippetsSql } from './snippets.js';
import type { QueryTerm } from './understand-query.js';

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

/** What {@link graphNeighbours} reads: the neighbours' links and rows, and the snippets asked for. */
export interface Neighbours {
  links: NeighbourLink[];
  rows: NeighbourRow[];
  /** Snippets of the items asked for, by id (see `snippetsSql`). */
  snippets: Map<string, string>;
}

/**
 * The live items linked to `hits` by a sharing edge (both directions) or by the thread (parent and
 * children), with their summary columns — and, in the same round trip, the snippets of the items
 * `snippetsOf` names (a search's likely page: it is known when the hits are, and a statement of
 * its own would cost one more round trip on every search). Removed items never come back.
 */
export async function graphNeighbours(
  db: Kysely<Database>,
  team: string,
  hits: readonly string[],
  filters: readonly RawBuilder<unknown>[],
  snippetsOf: { ids: readonly string[]; terms: readonly QueryTerm[] } = { ids: [], terms: [] },
): Promise<Neighbours> {
  const snippetIds = snippetsOf.terms.length === 0 ? [] : snippetsOf.ids;
  if (hits.length === 0 && snippetIds.length === 0) return { links: [], rows: [], snippets: new Map() };
  const filterClause = filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;
  // Without filters the text never varies: planned once per connection.
  const prepared = filters.length === 0 ? preparedStatement('search-graph-neighbours') : sql``;
  const result = await sql<
    NeighbourRow & { hit: string | null; relation: string; towards_hit: boolean; snippet: string | null }
  >`${prepared}
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
    ),
    neighbours as (
      select distinct on (l.hit, l.neighbour, l.relation) l.hit, l.neighbour as id, l.relation, l.towards_hit,
        i.ref, i.parent_id, i.url, i.title, i.platform, i.kind, i.state, i.container, i.updated_at, i.created_at,
        i.platform || ':' || coalesce(i.author_external_id, '') as author_key
      from links l join items i on i.team = ${team} and i.id = l.neighbour and i.removed_at is null${filterClause}
      where l.neighbour <> l.hit
    )
    select n.*, null::text as snippet from neighbours n
    union all
    select null, s.id, null, null, null, null, null, null, null, null, null, null, null, null, null, s.snippet
    from (${snippetsSql(team, snippetIds, snippetsOf.terms)}) s`.execute(db);
  const neighbourRows = result.rows.filter((row) => row.hit !== null);
  return {
    links: neighbourRows.map((row) => ({ hit: row.hit as string, neighbour: row.id, relation: row.relation, towardsHit: row.towards_hit })),
    rows: neighbourRows,
    snippets: new Map(result.rows.flatMap((row) => (row.hit === null ? [[row.id, (row.snippet ?? '').trim()] as const] : []))),
  };
}
