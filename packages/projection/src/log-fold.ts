import type { ItemSnapshot } from '@pipe/events';
import { derivedEdgesOf } from './apply-batch.js';
import { type BatchPlan, isNewer, itemKey } from './plan-batch.js';
import type { SourceLinkRow } from './write/apply-source-links.js';
import type { ActivityRow } from './write/insert-activities.js';
import type { EdgeRow } from './write/edges.js';
import type { SourceStatsRow } from './write/source-stats.js';
import type { ItemRow } from './write/upsert-items.js';

/**
 * A whole log (or a long stretch of it) folded to the rows it ends in, for a bulk rebuild: the
 * same rules the projector applies batch by batch — the newest snapshot of an item wins, the
 * first record of an activity, the latest statement of a link, counts add up — applied once, in
 * memory, so each row is written once with plain inserts. People (identities and their merges)
 * are not folded here: their merges depend on order, so a rebuild applies them through the
 * projector's own path.
 */
export class LogFold {
  readonly items = new Map<string, ItemRow>();
  readonly snapshots = new Map<string, ItemSnapshot>();
  readonly links = new Map<string, SourceLinkRow>();
  readonly activities = new Map<string, ActivityRow>();
  readonly stats = new Map<string, SourceStatsRow>();

  /** Adds a planned batch that follows everything added so far in the log. */
  add(plan: BatchPlan): void {
    for (const row of plan.items) {
      const key = itemKey(row.team, row.id);
      const held = this.items.get(key);
      if (held && !isNewer(row, held)) continue;
      this.items.set(key, row);
      const snapshot = plan.snapshots.get(key);
      if (snapshot) this.snapshots.set(key, snapshot);
      else this.snapshots.delete(key);
    }
    for (const link of plan.links) {
      const key = `${link.team}\u0000${link.from_id}\u0000${link.type}\u0000${link.to_ref}`;
      const held = this.links.get(key);
      if (!held || held.event_id < link.event_id) this.links.set(key, link);
    }
    for (const activity of plan.activities) {
      const key = `${activity.team}\u0000${activity.id}`;
      if (!this.activities.has(key)) this.activities.set(key, activity);
    }
    for (const stat of plan.stats) {
      const key = `${stat.team}\u0000${stat.platform}`;
      const held = this.stats.get(key);
      if (!held) {
        this.stats.set(key, { ...stat });
        continue;
      }
      held.events += stat.events;
      held.last_event_seq = Math.max(held.last_event_seq, stat.last_event_seq);
      if (stat.last_received_at > held.last_received_at) held.last_received_at = stat.last_received_at;
      if (stat.last_occurred_at > held.last_occurred_at) held.last_occurred_at = stat.last_occurred_at;
    }
  }

  /**
   * The edges derived from the final snapshots of `rows` (some of {@link items}). Together with
   * {@link statedEdges} over all the items, every edge the folded model holds; taken a part at a
   * time, so a loader can derive one part while another is being written.
   */
  derivedEdges(rows: readonly ItemRow[]): EdgeRow[] {
    return derivedEdgesOf(rows, this);
  }

  /** The edges the sources state (links not removed). */
  statedEdges(): EdgeRow[] {
    return [...this.links.values()]
      .filter((link) => !link.removed)
      .map((link) => ({ team: link.team, from_id: link.from_id, to_ref: link.to_ref, type: link.type, origin: 'source', rule: link.rule, snippet: null, event_id: link.event_id }));
  }
}
