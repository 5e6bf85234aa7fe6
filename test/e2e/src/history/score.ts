import type { TestDb } from '@pipe/db/testing';
import type { Split } from './deliveries/index.js';
import { type Edge, type Expected, edgeKey } from './expected.js';

/** Edge types the evaluation does not score (README.md, "Scoring"). */
const UNSCORED = new Set(['AUTHORED_BY']);

/** Precision and recall of one edge type in one split (or `all`). */
export interface ScoreRow {
  split: Split | 'all';
  type: string;
  expected: number;
  found: number;
  matched: number;
  /** matched / found; 1 when nothing was found and nothing expected. */
  precision: number;
  /** matched / expected; 1 when nothing was expected. */
  recall: number;
}

/** One team's graph against the targets. */
export interface TeamScore {
  team: string;
  rows: ScoreRow[];
  missing: (Edge & { split: Split })[];
  unexpected: (Edge & { split: Split | null })[];
  /** Expected live items the team does not have (or has only as removed). */
  missingItems: string[];
  /** Items the story deletes that the team still has live. */
  liveRemovedItems: string[];
  /** Stored PART_OF edges (of any item) whose target is no live item: `<from> → <to_ref>`. */
  danglingPartOf: string[];
  /** Where the deleted marker text is still stored (`items <id>`, `activities <id>`, `edges <from>`). */
  markerFound: string[];
  itemCount: number;
}

/** The team's scored edges, each target resolved to the item its reference names when there is one. */
async function storedEdges(db: TestDb['db'], team: string, containers: ReadonlySet<string>) {
  const [items, edges, activities] = await Promise.all([
    db.selectFrom('items').select(['id', 'ref', 'kind', 'title', 'body', 'removed_at']).where('team', '=', team).execute(),
    db.selectFrom('edges').select(['from_id', 'type', 'to_ref', 'snippet']).where('team', '=', team).execute(),
    db.selectFrom('activities').select(['id', 'item_id', 'summary']).where('team', '=', team).execute(),
  ]);
  const byRef = new Map<string, string>();
  for (const item of items) {
    byRef.set(item.ref, item.id);
    byRef.set(item.id, item.id);
  }
  const scored = new Map<string, Edge>();
  for (const edge of edges) {
    if (UNSCORED.has(edge.type) || containers.has(edge.from_id)) continue;
    const resolved = { from: edge.from_id, type: edge.type, to: byRef.get(edge.to_ref) ?? edge.to_ref };
    scored.set(edgeKey(resolved), resolved);
  }
  return { items, edges, activities, scored };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/** Scores one team's stored graph against the targets, per split and edge type. */
export async function scoreTeam(db: TestDb['db'], team: string, expected: Expected, marker: string): Promise<TeamScore> {
  // Containers are the targets of expected PART_OF edges; their own outgoing edges are not scored.
  const containers = new Set(expected.edges.filter((edge) => edge.type === 'PART_OF').map((edge) => edge.to));
  const { items, edges, activities, scored } = await storedEdges(db, team, containers);
  const splitOfItem = (id: string): Split | null => expected.items.get(id) ?? expected.removed.get(id) ?? null;
  const expectedKeys = new Map(expected.edges.map((edge) => [edgeKey(edge), edge]));

  const missing = expected.edges.filter((edge) => !scored.has(edgeKey(edge)));
  const unexpected = [...scored.values()]
    .filter((edge) => !expectedKeys.has(edgeKey(edge)))
    .map((edge) => ({ ...edge, split: splitOfItem(edge.from) }))
    .sort((a, b) => (a.split ?? '~').localeCompare(b.split ?? '~') || edgeKey(a).localeCompare(edgeKey(b)));

  const rows: ScoreRow[] = [];
  const types = [...new Set([...expected.edges.map((edge) => edge.type), ...[...scored.values()].map((edge) => edge.type)])].sort();
  for (const split of ['tuning', 'held-out', 'all'] as const) {
    const inSplit = (edgeSplit: Split | null) => split === 'all' || edgeSplit === split;
    for (const type of [...types, 'ALL']) {
      const ofType = (edgeType: string) => type === 'ALL' || edgeType === type;
      const want = expected.edges.filter((edge) => ofType(edge.type) && inSplit(edge.split));
      const found = [...scored.values()].filter((edge) => ofType(edge.type) && inSplit(splitOfItem(edge.from)));
      const matched = found.filter((edge) => expectedKeys.has(edgeKey(edge))).length;
      if (want.length === 0 && found.length === 0) continue;
      rows.push({
        split,
        type,
        expected: want.length,
        found: found.length,
        matched,
        precision: ratio(matched, found.length),
        recall: ratio(matched, want.length),
      });
    }
  }

  const live = new Set(items.filter((item) => item.removed_at === null).map((item) => item.id));
  const liveRefs = new Set(items.filter((item) => item.removed_at === null).flatMap((item) => [item.ref, item.id]));
  const lower = marker.toLowerCase();
  const holds = (text: string | null) => text?.toLowerCase().includes(lower) ?? false;
  return {
    team,
    rows,
    missing,
    unexpected,
    missingItems: [...expected.items.keys()].filter((id) => !live.has(id)),
    liveRemovedItems: [...expected.removed.keys()].filter((id) => live.has(id)),
    danglingPartOf: edges
      .filter((edge) => edge.type === 'PART_OF' && !liveRefs.has(edge.to_ref))
      .map((edge) => `${edge.from_id} → ${edge.to_ref}`),
    markerFound: [
      ...items.filter((item) => holds(item.title) || holds(item.body)).map((item) => `items ${item.id}`),
      ...activities.filter((activity) => holds(activity.summary)).map((activity) => `activities ${activity.id} (on ${activity.item_id})`),
      ...edges.filter((edge) => holds(edge.snippet)).map((edge) => `edges ${edge.from_id} ${edge.type}`),
    ],
    itemCount: live.size,
  };
}
