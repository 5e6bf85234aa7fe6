import { rowKey, sourceLinksTable } from '@pipe/db';
import { itemRef } from '@pipe/platforms';
import { type SourceLinkRow, applySourceLinks } from '../write/apply-source-links.js';
import type { EdgeRow } from '../write/edges.js';
import { latestStatement, offer } from '../merge-rules.js';
import type { ProjectionUnit } from './projection-unit.js';

const keyOf = rowKey(sourceLinksTable);

/** Links planned, by their table's key: the latest statement of each. */
export type SourceLinksState = Map<string, SourceLinkRow>;

/**
 * The links platforms state (Jira "blocks", Linear relations…) and their removals, remembered so a
 * late, older "created" cannot undo a newer "deleted"; the ones standing are mirrored into `edges`.
 */
export const sourceLinks: ProjectionUnit<'links', SourceLinksState, SourceLinkRow[]> = {
  name: 'links',
  handles: ['link.observed'],
  start: () => new Map(),
  plan(state, event) {
    if (event.type !== 'link.observed') return;
    const { from, to, edge, removed } = event.data;
    const row: SourceLinkRow = {
      team: event.team,
      from_id: from,
      to_ref: itemRef(to),
      type: edge,
      removed,
      event_id: event.id,
      rule: `${event.source.platform}-link`,
    };
    offer(state, keyOf(row), row, latestStatement);
  },
  merge(into, later) {
    for (const [key, row] of later) offer(into, key, row, latestStatement);
  },
  rows: (state) => [...state.values()],
  write: (tx, state) => applySourceLinks(tx, [...state.values()]),
};

/** The edges the links standing in `state` state (a removed link states none). */
export function statedEdges(state: SourceLinksState): EdgeRow[] {
  return [...state.values()]
    .filter((link) => !link.removed)
    .map((link) => ({
      team: link.team,
      from_id: link.from_id,
      to_ref: link.to_ref,
      type: link.type,
      origin: 'source',
      rule: link.rule,
      snippet: null,
      event_id: link.event_id,
    }));
}
