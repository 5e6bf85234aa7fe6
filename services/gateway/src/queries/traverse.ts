import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { type ItemSummary, type JoinedItemColumns, type PersonRef, joinedSummary } from '../items/item-shapes.js';
import { EDGE_TARGET_JOINS, ITEM_COLUMNS, PERSON_COLUMNS } from './edge-target-sql.js';

/** Which way edges are followed from a node. */
export type Direction = 'outgoing' | 'incoming' | 'both';

/** One hop of a path. */
export interface PathStep {
  from: string;
  type: string;
  direction: 'outgoing' | 'incoming';
  to: string;
}

/** A node reached by a traversal, with the first (shortest) path that reaches it. */
export interface ReachedNode {
  /** The item id, or the reference when the target was not seen yet or is a person. */
  id: string;
  item: ItemSummary | null;
  person: PersonRef | null;
  depth: number;
  path: PathStep[];
}

/** What {@link traverse} follows and how far. */
export interface TraverseParams {
  team: string;
  startId: string;
  startRef: string;
  depth: number;
  types: string[] | undefined;
  direction: Direction;
  /** Most edges followed from one node in one direction. */
  fanOut: number;
  /** Most nodes reached in total. */
  maxNodes: number;
  signal?: AbortSignal;
  /** Called after each level (for progress notifications). */
  onLevel?(level: number, reached: number): Promise<void> | void;
}

/** Everything a traversal reached, and whether a cap stopped it. */
export interface Traversal {
  nodes: ReachedNode[];
  fanOutCapped: boolean;
  nodesCapped: boolean;
}

interface HopRow extends JoinedItemColumns {
  origin_id: string;
  type: string;
  other: string;
  other_ref: string | null;
  fan: number;
  person_id: string | null;
  person_platform: string | null;
  person_handle: string | null;
  person_name: string | null;
}

function typeFilter(types: string[] | undefined) {
  return types === undefined ? sql`` : sql` and e.type = any(${types})`;
}

/** Edges leaving the frontier's items, at most `fanOut` per item, with their targets. */
async function outgoingHops(db: Kysely<Database>, team: string, ids: string[], params: TraverseParams): Promise<HopRow[]> {
  const result = await sql<HopRow>`
    select * from (
      select e.from_id as origin_id, e.type, coalesce(t.id, e.to_ref) as other, t.ref as other_ref,
        count(*) over (partition by e.from_id) as fan,
        row_number() over (partition by e.from_id order by e.type, e.to_ref) as n,
        ${ITEM_COLUMNS('t')}, ${PERSON_COLUMNS}
      from edges e
      ${EDGE_TARGET_JOINS}
      where e.team = ${team} and e.from_id = any(${ids})${typeFilter(params.types)}
    ) x where n <= ${params.fanOut}`.execute(db);
  return result.rows;
}

/** Edges other items state about the frontier's items, at most `fanOut` per item, with their sources. */
async function incomingHops(db: Kysely<Database>, team: string, refs: Map<string, string>, params: TraverseParams): Promise<HopRow[]> {
  const result = await sql<HopRow & { target_ref: string }>`
    select * from (
      select e.to_ref as target_ref, e.type, s.id as other, s.ref as other_ref,
        count(*) over (partition by e.to_ref) as fan,
        row_number() over (partition by e.to_ref order by s.updated_at desc nulls last, e.type, s.id) as n,
        ${ITEM_COLUMNS('s')},
        null as person_id, null as person_platform, null as person_handle, null as person_name
      from edges e
      join items s on s.team = e.team and s.id = e.from_id and s.removed_at is null
      where e.team = ${team} and e.to_ref = any(${[...refs.keys()]})${typeFilter(params.types)}
    ) x where n <= ${params.fanOut}`.execute(db);
  return result.rows.map((row) => ({ ...row, origin_id: refs.get(row.target_ref) ?? row.target_ref }));
}

/**
 * Breadth-first traversal of the team's graph from one item, up to `depth` hops, over the chosen
 * edge types and direction. Each node is reported once, at its shortest distance, with the path
 * that reached it; people and items not seen yet are reported but not expanded (a person's edges
 * would pull in everything they ever touched). Fan-out per node and the total are capped, and the
 * result says when a cap was hit.
 */
export async function traverse(db: Kysely<Database>, params: TraverseParams): Promise<Traversal> {
  const reached = new Map<string, ReachedNode>();
  const visited = new Set([params.startId]);
  let frontier: Array<{ id: string; ref: string; path: PathStep[] }> = [{ id: params.startId, ref: params.startRef, path: [] }];
  let fanOutCapped = false;
  let nodesCapped = false;

  for (let level = 1; level <= params.depth && frontier.length > 0 && !nodesCapped; level += 1) {
    params.signal?.throwIfAborted();
    const byId = new Map(frontier.map((node) => [node.id, node]));
    const hops: Array<HopRow & { direction: 'outgoing' | 'incoming' }> = [];
    if (params.direction !== 'incoming') {
      hops.push(
        ...(await outgoingHops(db, params.team, [...byId.keys()], params)).map((row) => ({ ...row, direction: 'outgoing' as const })),
      );
    }
    if (params.direction !== 'outgoing') {
      const refs = new Map(frontier.map((node) => [node.ref, node.id]));
      hops.push(...(await incomingHops(db, params.team, refs, params)).map((row) => ({ ...row, direction: 'incoming' as const })));
    }
    // A deterministic order, so the same graph always yields the same paths and pages.
    hops.sort(
      (a, b) =>
        a.origin_id.localeCompare(b.origin_id) ||
        a.direction.localeCompare(b.direction) ||
        a.type.localeCompare(b.type) ||
        a.other.localeCompare(b.other),
    );
    const next: typeof frontier = [];
    for (const hop of hops) {
      if (Number(hop.fan) > params.fanOut) fanOutCapped = true;
      if (visited.has(hop.other)) continue;
      if (reached.size >= params.maxNodes) {
        nodesCapped = true;
        break;
      }
      visited.add(hop.other);
      const origin = byId.get(hop.origin_id);
      const path = [...(origin?.path ?? []), { from: hop.origin_id, type: hop.type, direction: hop.direction, to: hop.other }];
      const item = joinedSummary(hop);
      const person =
        hop.person_id !== null && hop.person_platform !== null
          ? { id: hop.person_id, platform: hop.person_platform, handle: hop.person_handle, name: hop.person_name }
          : null;
      reached.set(hop.other, { id: hop.other, item, person, depth: level, path });
      if (item !== null && hop.other_ref !== null) next.push({ id: item.id, ref: hop.other_ref, path });
    }
    frontier = next;
    await params.onLevel?.(level, reached.size);
  }
  const nodes = [...reached.values()].sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  return { nodes, fanOutCapped, nodesCapped };
}
