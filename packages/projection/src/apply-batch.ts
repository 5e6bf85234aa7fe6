import { type Delivery, type Outcome, ack, skip } from '@pipe/bus';
import type { Database } from '@pipe/db';
import type { ChangeNotice, ItemChange, PipeEvent } from '@pipe/events';
import type { Kysely, Transaction } from 'kysely';
import { type CheckpointKey, type CheckpointMove, checkpointMove, lockCheckpoint } from './checkpoint.js';
import { type BatchPlan, itemKey, planBatch } from './plan-batch.js';
import { deriveEdges } from './rules/derive-edges.js';
import { applySourceLinks } from './write/apply-source-links.js';
import { identitiesUpsert, linkPeople, mergeByEmail, unlinkPerson } from './write/identities.js';
import { activitiesInsert } from './write/insert-activities.js';
import { type EdgeRow, insertEdges } from './write/edges.js';
import { sourceStatsUpsert } from './write/source-stats.js';
import { writeTogether } from './write/tx.js';
import { type ItemRow, upsertItemsReplacingDerivedEdges } from './write/upsert-items.js';

/** What a committed batch did. */
export interface AppliedBatch {
  /** One per delivery, in order. */
  outcomes: Outcome[];
  /** What changed, per team, to announce once committed. */
  notices: ChangeNotice[];
  /** The checkpoint once the batch committed: the last stream sequence applied. */
  checkpoint: number;
}

/** How a batch is applied: what its writer knows, and where a test can crash the process (see `Failpoints`). */
export interface BatchOptions {
  /**
   * The checkpoint this writer last committed (or started from). A checkpoint found behind it
   * means commits were lost: the batch throws `CheckpointRegressedError` and writes nothing.
   */
  committedBefore?: number;
  beforeCommit?(): void;
}

/**
 * Applies a batch of events and moves the checkpoint, all in one transaction: either every row
 * of the batch and the new checkpoint commit, or nothing does. Events at or below the checkpoint
 * were applied before (a redelivery after a crash between commit and ack) and are skipped. The
 * number of statements is the same whatever the batch size: each table gets one multi-row write.
 * A long-running writer passes `committedBefore`, so that commits lost under it (a failover, a
 * restore) are noticed instead of skipped over.
 */
export async function applyBatch(db: Kysely<Database>, key: CheckpointKey, batch: Delivery<PipeEvent>[], options: BatchOptions = {}): Promise<AppliedBatch> {
  return db.transaction().execute(async (tx) => {
    const checkpoint = await lockCheckpoint(tx, key, options.committedBefore);
    const fresh = batch.filter((d) => d.seq > checkpoint);
    const lastSeq = Math.max(checkpoint, ...fresh.map((d) => d.seq));
    const winners = await writePlan(tx, planBatch(fresh), lastSeq > checkpoint ? checkpointMove(key, checkpoint, lastSeq) : null);
    options.beforeCommit?.();
    return {
      outcomes: batch.map((d) => outcomeOf(d, checkpoint)),
      notices: noticesOf(key.projection, winners, fresh),
      checkpoint: lastSeq,
    };
  });
}

/**
 * Writes a batch's rows in one transaction without touching any checkpoint: for a rebuild, whose
 * writers own disjoint parts of the model (see `partitionOf`) and record the position once at the end.
 */
export async function applyWithoutCheckpoint(db: Kysely<Database>, batch: readonly Delivery<PipeEvent>[]): Promise<void> {
  if (batch.length === 0) return;
  await db.transaction().execute(async (tx) => {
    await writePlan(tx, planBatch(batch));
  });
}

/**
 * Every write of a planned batch, about one statement per table, and the checkpoint's move if
 * given (with the last independent writes); returns the item rows that won.
 */
async function writePlan(tx: Transaction<Database>, plan: BatchPlan, move: CheckpointMove | null = null): Promise<ItemRow[]> {
  const won = await upsertItemsReplacingDerivedEdges(tx, plan.items);
  const winners = plan.items.filter((row) => won.has(itemKey(row.team, row.id)));
  await insertEdges(tx, derivedEdgesOf(winners, plan));
  await applySourceLinks(tx, plan.links);
  // Independent of each other and of everything before: one round trip for them all.
  const { lastWriteRows } = await writeTogether(tx, [activitiesInsert(plan.activities), identitiesUpsert(plan.identities), sourceStatsUpsert(plan.stats), move?.statement ?? null]);
  move?.check(lastWriteRows);
  // Merges read the identities just stored: a statement of their own, after them.
  await mergeByEmail(tx, plan.emails);
  for (const op of plan.people) {
    if (op.kind === 'link') await linkPeople(tx, op.team, ...op.identities);
    else await unlinkPerson(tx, op.team, op.identity);
  }
  return winners;
}

/** The edges the winning snapshots imply (a tombstone implies none). */
export function derivedEdgesOf(winners: readonly ItemRow[], plan: Pick<BatchPlan, 'snapshots'>): EdgeRow[] {
  const edges: EdgeRow[] = [];
  for (const row of winners) {
    const snapshot = plan.snapshots.get(itemKey(row.team, row.id));
    if (!snapshot) continue; // a tombstone: its edges go, none come
    for (const edge of deriveEdges(snapshot)) {
      edges.push({ team: row.team, from_id: row.id, to_ref: edge.toRef, type: edge.type, origin: edge.origin, rule: edge.rule, snippet: edge.snippet, event_id: row.event_id });
    }
  }
  return edges;
}

function outcomeOf(delivery: Delivery<PipeEvent>, checkpoint: number): Outcome {
  if (delivery.seq <= checkpoint) return skip(`already applied (checkpoint ${checkpoint})`);
  if (delivery.value.type === 'delivery.skipped') return skip(`delivery not normalised: ${delivery.value.data.reason}`);
  return ack();
}

/** One notice per team: the items whose rows changed, with the last event sequence of that team. */
function noticesOf(projection: string, winners: readonly ItemRow[], fresh: readonly Delivery<PipeEvent>[]): ChangeNotice[] {
  const lastSeqByTeam = new Map<string, number>();
  for (const d of fresh) lastSeqByTeam.set(d.value.team, Math.max(lastSeqByTeam.get(d.value.team) ?? 0, d.seq));
  const byTeam = new Map<string, ItemChange[]>();
  for (const row of winners) {
    const changes = byTeam.get(row.team) ?? [];
    changes.push({
      itemId: row.id,
      platform: row.platform as ItemChange['platform'],
      kind: row.kind as ItemChange['kind'],
      container: row.container,
      change: row.removed_at ? 'removed' : 'upserted',
    });
    byTeam.set(row.team, changes);
  }
  const committedAt = new Date().toISOString();
  return [...byTeam].map(([team, changes]) => ({ team, projection, eventSeq: lastSeqByTeam.get(team) ?? 0, committedAt, changes }));
}
