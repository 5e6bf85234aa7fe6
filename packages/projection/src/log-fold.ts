import { REMOVED_SUMMARY } from './merge-rules.js';
import { goesWithParent, removedWithParent } from './removed-with-parent.js';
import type { BatchPlan } from './plan-batch.js';
import { type ActivitiesState, activities } from './units/activities.js';
import { type ItemsState, derivedEdges, itemKey, items } from './units/items.js';
import type { ActivityRow } from './write/insert-activities.js';
import { type SourceLinksState, sourceLinks, statedEdges } from './units/source-links.js';
import { type SourceStatsState, sourceStats } from './units/source-stats.js';
import type { EdgeRow } from './write/edges.js';
import type { ItemRow } from './write/upsert-items.js';

/**
 * A whole log (or a long stretch of it) folded to the rows it ends in, for a bulk rebuild: each
 * projection's own merge — the one the planner uses within a batch — applied across batches, in
 * memory, so each row is written once with plain inserts. People (identities and their merges)
 * are not folded here: their merges depend on order, so a rebuild applies them through the
 * projector's own path.
 */
export class LogFold {
  readonly items: ItemsState = items.start();
  readonly links: SourceLinksState = sourceLinks.start();
  readonly activities: ActivitiesState = activities.start();
  readonly stats: SourceStatsState = sourceStats.start();
  /** The activities held, by their item's {@link itemKey}: whose summaries a removal empties. */
  private readonly activitiesByItem = new Map<string, ActivityRow[]>();
  /** The children that go with their parent (`REMOVED_WITH_PARENT`), by their parent's {@link itemKey}. */
  private readonly childrenOf = new Map<string, Set<string>>();

  /**
   * Adds a planned batch that follows everything added so far in the log. Removals then take the
   * comments and reviews on the removed items with them (`REMOVED_WITH_PARENT`) and empty activity
   * summaries as the projector's batch does (`REMOVED_SUMMARY`): every activity of an item whose
   * tombstone won in this batch, and every new activity of an item whose row is a tombstone once
   * the batch is in.
   */
  add(plan: BatchPlan): void {
    items.merge(this.items, plan.items);
    sourceLinks.merge(this.links, plan.links);
    const before = this.activities.size;
    activities.merge(this.activities, plan.activities);
    sourceStats.merge(this.stats, plan.stats);
    if (this.activities.size > before) this.indexActivities(plan.activities);
    const removed: string[] = [];
    for (const [key, row] of plan.items.rows) {
      if (this.items.rows.get(key) !== row) continue;
      if (row.removed_at !== null) removed.push(key);
      else if (goesWithParent(row)) {
        const parent = itemKey(row.team, row.parent_id as string);
        const siblings = this.childrenOf.get(parent);
        if (siblings) siblings.add(key);
        else this.childrenOf.set(parent, new Set([key]));
        // A child arriving after its parent's removal goes at once.
        if (this.items.rows.get(parent)?.removed_at != null) removed.push(parent);
      }
    }
    for (const key of this.removeChildren(removed)) removed.push(key);
    for (const key of new Set(removed)) {
      for (const activity of this.activitiesByItem.get(key) ?? []) activity.summary = REMOVED_SUMMARY;
    }
  }

  /**
   * Removes the live children (and their children) of the removed items `parents`, as the
   * projector's `removeStoredChildren` and `withOrphansRemoved` do; returns the keys it removed.
   */
  private removeChildren(parents: readonly string[]): string[] {
    const removed: string[] = [];
    const work = [...parents];
    for (let parent = work.pop(); parent !== undefined; parent = work.pop()) {
      const removedAt = this.items.rows.get(parent)?.removed_at;
      if (removedAt == null) continue;
      for (const child of this.childrenOf.get(parent) ?? []) {
        const row = this.items.rows.get(child);
        if (!row || !goesWithParent(row) || itemKey(row.team, row.parent_id as string) !== parent) continue;
        this.items.rows.set(child, removedWithParent(row, removedAt));
        this.items.snapshots.delete(child);
        removed.push(child);
        work.push(child);
      }
    }
    return removed;
  }

  /** Indexes the activities of `batch` that were kept (a redelivery is not), purging those of removed items. */
  private indexActivities(batch: ActivitiesState): void {
    for (const [key, row] of batch) {
      if (this.activities.get(key) !== row) continue;
      const item = itemKey(row.team, row.item_id);
      if (this.items.rows.get(item)?.removed_at != null) row.summary = REMOVED_SUMMARY;
      const held = this.activitiesByItem.get(item);
      if (held) held.push(row);
      else this.activitiesByItem.set(item, [row]);
    }
  }

  /**
   * The edges derived from the final snapshots of `rows` (some of {@link items}' rows). Together
   * with {@link statedEdges} over all the items, every edge the folded model holds; taken a part
   * at a time, so a loader can derive one part while another is being written.
   */
  derivedEdges(rows: readonly ItemRow[]): EdgeRow[] {
    return derivedEdges(this.items, rows);
  }

  /** The edges the sources state (links not removed). */
  statedEdges(): EdgeRow[] {
    return statedEdges(this.links);
  }
}
