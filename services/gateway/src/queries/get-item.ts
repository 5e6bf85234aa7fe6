import { type Database, fixedStatement, param } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import {
  type Activity,
  type ActivityRow,
  BODY_LIMIT,
  type Edge,
  type ItemDetail,
  type JoinedItemColumns,
  type SummaryRow,
  isoOrNull,
  joinedSummary,
  toActivity,
  toItemSummary,
} from '../items/item-shapes.js';
import { EDGE_TARGET_JOINS, ITEM_COLUMNS, PERSON_COLUMNS } from './edge-target-sql.js';
import type { ItemNames } from '@pipe/platforms';
import type { UrlLookup } from './platform-urls.js';

/** Most edges listed per (type, direction) group; the group's total says how many exist. */
export const NEIGHBOUR_GROUP_LIMIT = 10;
/** How many of the item's latest activities are listed. */
export const LATEST_ACTIVITY_LIMIT = 5;

/** The edges of one type in one direction. */
export interface NeighbourGroup {
  type: string;
  direction: 'outgoing' | 'incoming';
  total: number;
  edges: Edge[];
}

/** An item with its neighbours and latest activity. */
export interface ItemWithNeighbours {
  item: ItemDetail;
  /** The item's `ref` (how other items name it), for traversals. */
  ref: string;
  neighbours: NeighbourGroup[];
  activity: Activity[];
}

interface EdgeRow extends JoinedItemColumns {
  type: string;
  rule: string;
  origin: string;
  snippet: string | null;
  ref: string;
  total: number;
  person_id: string | null;
  person_platform: string | null;
  person_handle: string | null;
  person_name: string | null;
}

function toEdge(row: EdgeRow): Edge {
  const edge: Edge = { type: row.type, rule: row.rule, origin: row.origin, snippet: row.snippet, ref: row.ref, item: joinedSummary(row) };
  if (row.person_id !== null && row.person_platform !== null) {
    edge.person = { id: row.person_id, platform: row.person_platform, handle: row.person_handle, name: row.person_name };
  }
  return edge;
}

/**
 * The id of the team's item a platform URL (or its lookup) names, or null. Only the item the URL
 * names: a comment's URL never answers the issue it is on (`within` is not looked up).
 */
export async function findItemIdByUrl(db: Kysely<Database>, team: string, url: string, lookup: UrlLookup): Promise<string | null> {
  const text = url.trim();
  const row = await db
    .selectFrom('items')
    .select('id')
    .where('team', '=', team)
    .where((eb) =>
      eb.or([
        eb('url', '=', text),
        ...(lookup.ids.length ? [eb('id', 'in', lookup.ids)] : []),
        ...(lookup.refs.length ? [eb('ref', 'in', lookup.refs)] : []),
        ...lookup.idPatterns.map((pattern) => eb('id', 'like', pattern)),
        ...(lookup.childPatterns ?? []).map((child) => eb.and([eb('parent_id', '=', child.parentId), eb('id', 'like', child.idPattern)])),
      ]),
    )
    // An exact id first, then the item whose own URL it is, then the live item most recently updated.
    .orderBy(sql`id = any(${lookup.ids.length ? lookup.ids : ['']})`, 'desc')
    .orderBy(sql`url is not distinct from ${text}`, 'desc')
    .orderBy(sql`removed_at is null`, 'desc')
    .orderBy('updated_at', (order) => order.desc().nullsLast())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The first of the team's items `names` names (an exact id before a reference), or null. */
export async function findItemIdByNames(db: Kysely<Database>, team: string, names: ItemNames): Promise<string | null> {
  if (names.ids.length === 0 && names.refs.length === 0) return null;
  const row = await db
    .selectFrom('items')
    .select('id')
    .where('team', '=', team)
    .where((eb) =>
      eb.or([...(names.ids.length ? [eb('id', 'in', names.ids)] : []), ...(names.refs.length ? [eb('ref', 'in', names.refs)] : [])]),
    )
    .orderBy(sql`id = any(${names.ids.length ? names.ids : ['']})`, 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The item's columns with its neighbours and activity as JSON arrays, from one statement. */
interface ItemWithNeighboursRow extends SummaryRow {
  ref: string;
  created_at: Date | null;
  author_handle: string | null;
  parent_id: string | null;
  removed_at: Date | null;
  body: string;
  body_length: number;
  outgoing: JsonRow<EdgeRow>[];
  incoming: JsonRow<EdgeRow>[];
  activity: JsonRow<ActivityRow>[];
}

/** A row that came through `json_agg`: its timestamps are ISO strings. */
type JsonRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

const selectItemWithNeighbours = fixedStatement<ItemWithNeighboursRow>(
  'get-item',
  sql`select i.id, i.ref, i.url, i.title, i.platform, i.kind, i.state, i.container, i.updated_at, i.created_at,
      i.author_handle, i.parent_id, i.removed_at,
      substr(i.body, ${param(3)}::int + 1, ${sql.lit(BODY_LIMIT)}) as body, char_length(i.body) as body_length,
      (select coalesce(json_agg(o order by o.type, o.n), '[]'::json) from (${outgoingEdgesSql(sql`i.team`, sql`i.id`)}) o) as outgoing,
      (select coalesce(json_agg(inc order by inc.type, inc.n), '[]'::json) from (${incomingEdgesSql(sql`i.team`, sql`i.ref`)}) inc) as incoming,
      (select coalesce(json_agg(a order by a.occurred_at desc, a.id), '[]'::json) from (
        select a.id, a.item_id, a.verb, a.actor_handle, a.actor_platform, a.summary, a.occurred_at
        from activities a where a.team = i.team and a.item_id = i.id
        order by a.occurred_at desc, a.id limit ${sql.lit(LATEST_ACTIVITY_LIMIT)}) a) as activity
    from items i
    where i.team = ${param(1)} and i.id = ${param(2)}`,
);

/**
 * An item of the team with its neighbours grouped by edge type and direction, and its latest
 * activity; null when the team has no item with that id. Removed items are returned (flagged), so
 * a link to one still explains itself; items at the other end of edges are only live ones.
 * One prepared statement (neighbours and activity aggregated as JSON): a get_item is one round
 * trip, planned once per connection.
 */
export async function getItemWithNeighbours(
  db: Kysely<Database>,
  team: string,
  id: string,
  bodyOffset = 0,
): Promise<ItemWithNeighbours | null> {
  const { rows } = await selectItemWithNeighbours(db, [team, id, bodyOffset]);
  const row = rows[0];
  if (!row) return null;
  const bodyLength = Number(row.body_length);
  const bodyRemaining = Math.max(0, bodyLength - bodyOffset - [...row.body].length);
  return {
    item: {
      ...toItemSummary(row),
      body: row.body,
      bodyTruncated: bodyRemaining > 0,
      bodyOffset,
      bodyLength,
      bodyRemaining,
      author: row.author_handle,
      createdAt: isoOrNull(row.created_at),
      parentId: row.parent_id,
      removed: row.removed_at !== null,
    },
    ref: row.ref,
    neighbours: [...group(row.outgoing.map(edgeFromJson), 'outgoing'), ...group(row.incoming.map(edgeFromJson), 'incoming')],
    activity: row.activity.map((a) => toActivity({ ...a, occurred_at: new Date(a.occurred_at) })),
  };
}

const edgeFromJson = (row: JsonRow<EdgeRow>): EdgeRow => ({
  ...row,
  item_updated_at: row.item_updated_at === null ? null : new Date(row.item_updated_at),
});

function group(rows: EdgeRow[], direction: 'outgoing' | 'incoming'): NeighbourGroup[] {
  const groups = new Map<string, NeighbourGroup>();
  for (const row of rows) {
    const found = groups.get(row.type) ?? { type: row.type, direction, total: Number(row.total), edges: [] };
    found.edges.push(toEdge(row));
    groups.set(row.type, found);
  }
  return [...groups.values()];
}

/**
 * Edges this item states, at most {@link NEIGHBOUR_GROUP_LIMIT} per type. A reference can match
 * more than one item (a GitHub number names an issue or a pull request), so the lateral join takes
 * one: the most recently updated. MENTIONS and AUTHORED_BY name identities, joined to the person.
 */
function outgoingEdgesSql(team: RawBuilder<unknown>, id: RawBuilder<unknown>): RawBuilder<EdgeRow> {
  return sql<EdgeRow>`
    select * from (
      select e.type, e.rule, e.origin, e.snippet, e.to_ref as ref,
        count(*) over (partition by e.type) as total,
        row_number() over (partition by e.type order by e.to_ref, e.origin) as n,
        ${ITEM_COLUMNS('t')}, ${PERSON_COLUMNS}
      from edges e
      ${EDGE_TARGET_JOINS}
      where e.team = ${team} and e.from_id = ${id}
    ) x where n <= ${sql.lit(NEIGHBOUR_GROUP_LIMIT)}`;
}

/** Edges other items state about this one (they name its reference), with their source items. */
function incomingEdgesSql(team: RawBuilder<unknown>, ref: RawBuilder<unknown>): RawBuilder<EdgeRow> {
  return sql<EdgeRow>`
    select * from (
      select e.type, e.rule, e.origin, e.snippet, e.from_id as ref,
        count(*) over (partition by e.type) as total,
        row_number() over (partition by e.type order by s.updated_at desc nulls last, e.from_id, e.origin) as n,
        ${ITEM_COLUMNS('s')}, null as person_id, null as person_platform, null as person_handle, null as person_name
      from edges e
      left join items s on s.team = e.team and s.id = e.from_id and s.removed_at is null
      where e.team = ${team} and e.to_ref = ${ref}
    ) x where n <= ${sql.lit(NEIGHBOUR_GROUP_LIMIT)}`;
}
