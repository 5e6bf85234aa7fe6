import { type Delivery, type Outcome, ack, skip } from '@pipe/bus';
import type { Database } from '@pipe/db';
import type { ChangeNotice, ItemChange, PipeEvent } from '@pipe/events';
import type { Kysely, RawBuilder, Transaction } from 'kysely';
import { recordNotices } from './change-outbox.js';
import { type CheckpointKey, type CheckpointMove, checkpointMove, lockCheckpoint } from './checkpoint.js';
import { type BatchPlan, PROJECTIONS, planBatch } from './plan-batch.js';
import type { BatchWrite, ProjectionUnit } from './units/projection-unit.js';
import { writeTogether } from './write/tx.js';
import type { ItemRow } from './write/upsert-items.js';

/** What a committed batch did. */
export interface AppliedBatch {
  /** One per delivery, in order. */
  outcomes: Outcome[];
  /** What changed, per team: recorded in the outbox with the rows, announced from there. */
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
export async function applyBatch(
  db: Kysely<Database>,
  key: CheckpointKey,
  batch: Delivery<PipeEvent>[],
  options: BatchOptions = {},
): Promise<AppliedBatch> {
  return db.transaction().execute(async (tx) => {
    const checkpoint = await lockCheckpoint(tx, key, options.committedBefore);
    const fresh = batch.filter((d) => d.seq > checkpoint);
    const lastSeq = Math.max(checkpoint, ...fresh.map((d) => d.seq));
    let notices: ChangeNotice[] = [];
    await writePlan(tx, planBatch(fresh), {
      move: lastSeq > checkpoint ? checkpointMove(key, checkpoint, lastSeq) : null,
      // The notices commit with the rows (the outbox), so no committed change goes unannounced.
      outbox: (winners) => {
        notices = noticesOf(key.projection, winners, fresh);
        return recordNotices(key, notices);
      },
    });
    options.beforeCommit?.();
    return { outcomes: batch.map((d) => outcomeOf(d, checkpoint)), notices, checkpoint: lastSeq };
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

/** What a batch writes besides its rows: the checkpoint's move and the outbox's notices of the winning rows. */
interface PlanExtras {
  move?: CheckpointMove | null;
  outbox?(winners: readonly ItemRow[]): RawBuilder<unknown> | null;
}

/**
 * Every write of a planned batch, about one statement per table: each projection's own writes in
 * turn, then their independent statements, the outbox's and the checkpoint's move (if given) as
 * one, then what reads those.
 */
async function writePlan(tx: Transaction<Database>, plan: BatchPlan, extras: PlanExtras = {}): Promise<void> {
  const batch: BatchWrite = { together: [], after: [], changed: [] };
  for (const unit of PROJECTIONS) await (unit as ProjectionUnit).write(tx, plan[unit.name], batch);
  const move = extras.move ?? null;
  // Independent of each other and of everything before: one round trip for them all. The move
  // comes last: its row count says whether the checkpoint was still where this writer left it.
  const { lastWriteRows } = await writeTogether(tx, [...batch.together, extras.outbox?.(batch.changed) ?? null, move?.statement ?? null]);
  move?.check(lastWriteRows);
  for (const write of batch.after) await write(tx);
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
