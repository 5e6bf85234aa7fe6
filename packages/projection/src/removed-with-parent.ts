import type { ItemRow } from './write/upsert-items.js';

/**
 * The kinds a platform deletes together with the item they are on: deleting a GitHub issue, a Jira
 * or Linear issue or a Notion page deletes its comments and reviews (and replies to those). Chat
 * messages are not among them: Slack and Discord keep a thread's replies when its first message is
 * deleted. Pipe removes these children too, so no text of theirs is served once their parent is
 * removed — the sources send no removal of their own for them.
 */
export const REMOVED_WITH_PARENT: ReadonlySet<string> = new Set(['comment', 'review']);

/** True when `row` is a live item that goes when its parent does. */
export const goesWithParent = (row: Pick<ItemRow, 'kind' | 'parent_id' | 'removed_at'>): boolean =>
  row.removed_at === null && row.parent_id !== null && REMOVED_WITH_PARENT.has(row.kind);

/**
 * `row` removed because its parent was (removed at `removedAt`, the parent's): a tombstone, like an
 * `item.removed`'s, that keeps the row's version and event — so a redelivery of the same snapshot
 * cannot revive it, whatever the order. Written once here for the projector's batches and the
 * replay fold; `removeChildrenSql` is its SQL twin.
 */
export function removedWithParent(row: ItemRow, removedAt: ItemRow['removed_at']): ItemRow {
  return {
    ...row,
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
    removed_at: removedAt,
  };
}

/**
 * The rows with every orphan (a live child whose parent is removed, per `removedParents` or a
 * tombstone among the rows) made a tombstone, to a fixed point so a reply to a removed comment
 * goes too (the keys are `itemKey`s).
 */
export function removeOrphans(
  rows: readonly ItemRow[],
  removedParents: ReadonlyMap<string, ItemRow['removed_at']>,
): { rows: ItemRow[]; removed: Set<string> } {
  const out = [...rows];
  const gone = new Map(removedParents);
  for (const row of out) if (row.removed_at !== null) gone.set(`${row.team}\u0000${row.id}`, row.removed_at);
  const removed = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    out.forEach((row, index) => {
      if (!goesWithParent(row)) return;
      const parentRemovedAt = gone.get(`${row.team}\u0000${row.parent_id}`);
      if (parentRemovedAt === undefined) return;
      const key = `${row.team}\u0000${row.id}`;
      out[index] = removedWithParent(row, parentRemovedAt);
      gone.set(key, parentRemovedAt);
      removed.add(key);
      changed = true;
    });
  }
  return { rows: out, removed };
}
