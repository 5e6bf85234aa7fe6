import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { BODY_LIMIT, type Edge, type ItemDetail, isoOrNull, toItemSummary } from './item-shapes.js';

/** Most edges `get_item` returns per direction; the totals say when there are more. */
export const EDGE_LIMIT = 100;

/** An item with its relations in both directions. */
export interface ItemWithEdges {
  item: ItemDetail;
  edges: {
    outgoing: Edge[];
    incoming: Edge[];
    /** How many edges exist in each direction, so a client can tell when the lists were capped. */
    totals: { outgoing: number; incoming: number };
  };
}

/** The other end of an edge, as the joined columns carry it (all null when it is unknown). */
interface EdgeRow {
  type: string;
  rule: string;
  origin: string;
  snippet: string | null;
  ref: string;
  total: number;
  item_id: string | null;
  item_url: string | null;
  item_title: string | null;
  item_platform: string | null;
  item_kind: string | null;
  item_state: string | null;
  item_container: string | null;
  item_updated_at: Date | null;
}

function toEdge(row: EdgeRow): Edge {
  const item =
    row.item_id === null || row.item_title === null || row.item_platform === null || row.item_kind === null
      ? null
      : toItemSummary({
          id: row.item_id,
          url: row.item_url,
          title: row.item_title,
          platform: row.item_platform,
          kind: row.item_kind,
          state: row.item_state,
          container: row.item_container,
          updated_at: row.item_updated_at,
        });
  return { type: row.type, rule: row.rule, origin: row.origin, snippet: row.snippet, ref: row.ref, item };
}

/**
 * An item of the team with its edges, or null when the team has no item with that id. Removed
 * items are returned (flagged), so a link to one still explains itself; the items at the other end
 * of edges are only those still present.
 */
export async function getItemWithEdges(db: Kysely<Database>, team: string, id: string): Promise<ItemWithEdges | null> {
  const row = await db
    .selectFrom('items')
    .select(['id', 'ref', 'url', 'title', 'platform', 'kind', 'state', 'container', 'updated_at', 'created_at'])
    .select(['author_handle', 'parent_id', 'removed_at'])
    .select(sql<string>`left(body, ${BODY_LIMIT})`.as('body'))
    .select(sql<boolean>`char_length(body) > ${BODY_LIMIT}`.as('body_truncated'))
    .where('team', '=', team)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;

  const [outgoing, incoming] = await Promise.all([outgoingEdges(db, team, row.id), incomingEdges(db, team, row.ref)]);
  return {
    item: {
      ...toItemSummary(row),
      body: row.body,
      bodyTruncated: row.body_truncated,
      author: row.author_handle,
      createdAt: isoOrNull(row.created_at),
      parentId: row.parent_id,
      removed: row.removed_at !== null,
    },
    edges: {
      outgoing: outgoing.map(toEdge),
      incoming: incoming.map(toEdge),
      totals: { outgoing: Number(outgoing[0]?.total ?? 0), incoming: Number(incoming[0]?.total ?? 0) },
    },
  };
}

/**
 * Edges this item states, each with its target. A reference can in principle match more than one
 * item (a GitHub number names an issue or a pull request), so the lateral join takes one: the most
 * recently updated.
 */
function outgoingEdges(db: Kysely<Database>, team: string, id: string): Promise<EdgeRow[]> {
  return db
    .selectFrom('edges as e')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('items as t')
          .select(['t.id', 't.url', 't.title', 't.platform', 't.kind', 't.state', 't.container', 't.updated_at'])
          .whereRef('t.team', '=', 'e.team')
          .whereRef('t.ref', '=', 'e.to_ref')
          .where('t.removed_at', 'is', null)
          .orderBy('t.updated_at', (order) => order.desc().nullsLast())
          .orderBy('t.id')
          .limit(1)
          .as('target'),
      (join) => join.onTrue(),
    )
    .select(['e.type', 'e.rule', 'e.origin', 'e.snippet', 'e.to_ref as ref'])
    .select(sql<number>`count(*) over ()`.as('total'))
    .select([
      'target.id as item_id',
      'target.url as item_url',
      'target.title as item_title',
      'target.platform as item_platform',
      'target.kind as item_kind',
      'target.state as item_state',
      'target.container as item_container',
      'target.updated_at as item_updated_at',
    ])
    .where('e.team', '=', team)
    .where('e.from_id', '=', id)
    .orderBy('e.type')
    .orderBy('e.to_ref')
    .orderBy('e.origin')
    .limit(EDGE_LIMIT)
    .execute();
}

/** Edges other items state about this one (they name its reference), each with its source. */
function incomingEdges(db: Kysely<Database>, team: string, ref: string): Promise<EdgeRow[]> {
  return db
    .selectFrom('edges as e')
    .leftJoin('items as s', (join) =>
      join.onRef('s.team', '=', 'e.team').onRef('s.id', '=', 'e.from_id').on('s.removed_at', 'is', null),
    )
    .select(['e.type', 'e.rule', 'e.origin', 'e.snippet', 'e.from_id as ref'])
    .select(sql<number>`count(*) over ()`.as('total'))
    .select([
      's.id as item_id',
      's.url as item_url',
      's.title as item_title',
      's.platform as item_platform',
      's.kind as item_kind',
      's.state as item_state',
      's.container as item_container',
      's.updated_at as item_updated_at',
    ])
    .where('e.team', '=', team)
    .where('e.to_ref', '=', ref)
    .orderBy('e.type')
    .orderBy('e.from_id')
    .orderBy('e.origin')
    .limit(EDGE_LIMIT)
    .execute();
}
