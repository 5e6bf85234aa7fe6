import { itemsTable, rowKey } from '@pipe/db';
import type { ItemSnapshot, PipeEvent } from '@pipe/events';
import { itemRef } from '@pipe/platforms';
import { deriveEdges } from '../rules/derive-edges.js';
import { type EdgeRow, insertEdges } from '../write/edges.js';
import { purgeRemovedSummaries } from '../write/purge-removed-summaries.js';
import { removeStoredChildren, withOrphansRemoved } from '../write/remove-children.js';
import { type ItemRow, upsertItemsReplacingDerivedEdges } from '../write/upsert-items.js';
import { newestSnapshot, offer } from '../merge-rules.js';
import type { ProjectionUnit } from './projection-unit.js';

/** `team\0id`: the key of an item within a batch (its table's key). */
export const itemKey = (team: string, id: string): string => `${team}\u0000${id}`;

const keyOf = rowKey(itemsTable);

/** Items planned: the newest row of each, and the snapshot behind each row that is not a tombstone. */
export interface ItemsState {
  readonly rows: Map<string, ItemRow>;
  /** The snapshot behind each non-removed row, by {@link itemKey}, to derive its edges. */
  readonly snapshots: Map<string, ItemSnapshot>;
}

/**
 * Items (snapshots and tombstones) and the edges their text and structure imply; a tombstone that
 * wins also empties the summaries of its item's activities (see `REMOVED_SUMMARY`) and removes the
 * comments and reviews on the item with it (see `REMOVED_WITH_PARENT`). Several snapshots
 * of one item collapse to the newest (`newestSnapshot`); the database keeps the newest too, and
 * only the rows that won there have their derived edges replaced.
 */
export const items: ProjectionUnit<'items', ItemsState, ItemRow[]> = {
  name: 'items',
  handles: ['item.observed', 'item.removed'],
  start: () => ({ rows: new Map(), snapshots: new Map() }),
  plan(state, event, seq) {
    if (event.type === 'item.observed') keep(state, snapshotRow(event.team, event.data.item, event.id, seq), event.data.item);
    else if (event.type === 'item.removed') keep(state, tombstoneRow(event, seq), undefined);
  },
  merge(into, later) {
    for (const [key, row] of later.rows) keep(into, row, later.snapshots.get(key));
  },
  rows: (state) => [...state.rows.values()],
  async write(tx, state, batch) {
    // A comment or review whose issue or page is removed goes with it (see REMOVED_WITH_PARENT).
    const { rows, removed: orphans } = await withOrphansRemoved(tx, [...state.rows.values()]);
    for (const key of orphans) state.snapshots.delete(key);
    const won = await upsertItemsReplacingDerivedEdges(tx, rows);
    const winners = rows.filter((row) => won.has(keyOf(row)));
    await insertEdges(tx, derivedEdges(state, winners));
    const children = await removeStoredChildren(
      tx,
      winners.filter((row) => row.removed_at !== null),
    );
    // After the batch's activities are in: theirs too lose the removed text.
    const removed = [...winners, ...children].filter((row) => row.removed_at !== null);
    if (removed.length > 0) batch.after.push((after) => purgeRemovedSummaries(after, removed));
    batch.changed.push(...winners, ...children);
  },
};

/** Keeps `row` (with its snapshot, none for a tombstone) when it is newer than what `state` holds. */
function keep(state: ItemsState, row: ItemRow, snapshot: ItemSnapshot | undefined): void {
  const key = keyOf(row);
  if (!offer(state.rows, key, row, newestSnapshot)) return;
  if (snapshot) state.snapshots.set(key, snapshot);
  else state.snapshots.delete(key);
}

/** The edges the snapshots behind `rows` (some of `state`'s) imply; a tombstone implies none. */
export function derivedEdges(state: Pick<ItemsState, 'snapshots'>, rows: readonly ItemRow[]): EdgeRow[] {
  const edges: EdgeRow[] = [];
  for (const row of rows) {
    const snapshot = state.snapshots.get(itemKey(row.team, row.id));
    if (!snapshot) continue; // a tombstone: its edges go, none come
    for (const edge of deriveEdges(snapshot)) {
      edges.push({
        team: row.team,
        from_id: row.id,
        to_ref: edge.toRef,
        type: edge.type,
        origin: edge.origin,
        rule: edge.rule,
        snippet: edge.snippet,
        event_id: row.event_id,
      });
    }
  }
  return edges;
}

function snapshotRow(team: string, item: ItemSnapshot, eventId: string, seq: number): ItemRow {
  return {
    team,
    id: item.id,
    ref: itemRef(item.id),
    platform: item.platform,
    kind: item.kind,
    title: item.title,
    body: item.body,
    url: item.url,
    state: item.state,
    container: item.container,
    parent_id: item.parentId,
    author_handle: item.author?.handle ?? null,
    author_external_id: item.author?.externalId ?? null,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    version: item.version,
    event_id: eventId,
    event_seq: seq,
    removed_at: null,
  };
}

/** A removed item keeps its identity but loses its text, so it leaves search. */
function tombstoneRow(event: Extract<PipeEvent, { type: 'item.removed' }>, seq: number): ItemRow {
  const { itemId: id, platform, kind, version } = event.data;
  return {
    team: event.team,
    id,
    ref: itemRef(id),
    platform,
    kind,
    title: '',
    body: '',
    url: null,
    state: 'removed',
    container: null,
    parent_id: null,
    author_handle: null,
    author_external_id: null,
    created_at: null,
    updated_at: null,
    version,
    event_id: event.id,
    event_seq: seq,
    removed_at: event.occurredAt,
  };
}
