import { type Delivery, type Outcome, ack, skip } from '@pipe/bus';
import type { Database } from '@pipe/db';
import type { ChangeNotice, ItemChange, PipeEvent } from '@pipe/events';
import type { Kysely, Transaction } from 'kysely';
import { type CheckpointKey, advanceCheckpoint, lockCheckpoint } from './checkpoint.js';
import {
  projectActivityObserved,
  projectIdentityObserved,
  projectItemObserved,
  projectItemRemoved,
  projectLinkObserved,
} from './project-events.js';

/** What a committed batch did. */
export interface AppliedBatch {
  /** One per delivery, in order. */
  outcomes: Outcome[];
  /** What changed, per team, to announce once committed. */
  notices: ChangeNotice[];
}

/**
 * Applies a batch of events and moves the checkpoint, all in one transaction: either every row
 * of the batch and the new checkpoint commit, or nothing does. Events at or below the checkpoint
 * were applied before (a redelivery after a crash between commit and ack) and are skipped.
 */
export async function applyBatch(db: Kysely<Database>, key: CheckpointKey, batch: Delivery<PipeEvent>[]): Promise<AppliedBatch> {
  return db.transaction().execute(async (tx) => {
    const checkpoint = await lockCheckpoint(tx, key);
    const outcomes: Outcome[] = [];
    const changes = new Map<string, { eventSeq: number; changes: Map<string, ItemChange> }>();
    let lastSeq = checkpoint;
    for (const delivery of batch) {
      if (delivery.seq <= checkpoint) {
        outcomes.push(skip(`already applied (checkpoint ${checkpoint})`));
        continue;
      }
      const outcome = await applyEvent(tx, delivery.value, delivery.seq, (change) => {
        const team = changes.get(delivery.value.team) ?? { eventSeq: 0, changes: new Map() };
        team.eventSeq = delivery.seq;
        // The last change of an item in the batch is the one that stands.
        team.changes.delete(change.itemId);
        team.changes.set(change.itemId, change);
        changes.set(delivery.value.team, team);
      });
      outcomes.push(outcome);
      lastSeq = Math.max(lastSeq, delivery.seq);
    }
    if (lastSeq > checkpoint) await advanceCheckpoint(tx, key, checkpoint, lastSeq);
    const committedAt = new Date().toISOString();
    const notices = [...changes].map(([team, c]) => ({
      team,
      projection: key.projection,
      eventSeq: c.eventSeq,
      committedAt,
      changes: [...c.changes.values()],
    }));
    return { outcomes, notices };
  });
}

async function applyEvent(
  tx: Transaction<Database>,
  event: PipeEvent,
  seq: number,
  changed: (change: ItemChange) => void,
): Promise<Outcome> {
  switch (event.type) {
    case 'item.observed': {
      const change = await projectItemObserved(tx, event, seq);
      if (!change) return skip('a newer version of the item is already stored');
      changed(change);
      return ack();
    }
    case 'item.removed': {
      const change = await projectItemRemoved(tx, event, seq);
      if (!change) return skip('a newer version of the item is already stored');
      changed(change);
      return ack();
    }
    case 'link.observed':
      await projectLinkObserved(tx, event);
      return ack();
    case 'activity.observed':
      await projectActivityObserved(tx, event);
      return ack();
    case 'identity.observed':
      await projectIdentityObserved(tx, event);
      return ack();
    case 'delivery.skipped':
      return skip(`delivery not normalised: ${event.data.reason}`);
  }
}
