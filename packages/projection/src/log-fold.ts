import type { BatchPlan } from './plan-batch.js';
import { type ActivitiesState, activities } from './units/activities.js';
import { type ItemsState, derivedEdges, items } from './units/items.js';
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

  /** Adds a planned batch that follows everything added so far in the log. */
  add(plan: BatchPlan): void {
    items.merge(this.items, plan.items);
    sourceLinks.merge(this.links, plan.links);
    activities.merge(this.activities, plan.activities);
    sourceStats.merge(this.stats, plan.stats);
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
