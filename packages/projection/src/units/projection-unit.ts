import type { PipeEvent } from '@pipe/events';
import type { RawBuilder } from 'kysely';
import type { Tx } from '../write/tx.js';
import type { ItemRow } from '../write/upsert-items.js';

/**
 * One projection: the tables it owns, the events it reads, how it folds them into rows and how it
 * writes those rows. The planner runs every unit over a batch (`planBatch`), the projector writes
 * their states in one transaction (`applyBatch`), and a rebuild folds whole stretches of the log
 * with the same `merge` (`LogFold`) — so the merge rules live once, here.
 */
export interface ProjectionUnit<Name extends string = string, State = unknown, Rows = unknown> {
  /** What it projects, and its key in a `BatchPlan`. */
  readonly name: Name;
  /** The event types it reads; the planner hands it no others. */
  readonly handles: readonly PipeEvent['type'][];
  /** An empty state: nothing planned yet. */
  start(): State;
  /** Adds one event (the next in stream order, at stream sequence `seq`) to `state`. */
  plan(state: State, event: PipeEvent, seq: number): void;
  /**
   * Adds `later` — the state of events that follow `into`'s in the log — to `into`, by the same
   * rules as `plan`: two batches planned and merged hold what planning them as one batch holds.
   * May take over `later`'s rows (it is not used after).
   */
  merge(into: State, later: State): void;
  /** The rows `state` ends in, as the writers take them (what a specification compares). */
  rows(state: State): Rows;
  /** Writes `state` within the batch's transaction; what can wait goes to `batch` (see {@link BatchWrite}). */
  write(tx: Tx, state: State, batch: BatchWrite): Promise<void>;
}

/**
 * What the units leave to the end of a batch's writes. The writes a unit runs itself run in unit
 * order; then every `together` statement (with the checkpoint's move) as one round trip — they
 * must not depend on each other — then every `after` step, in order.
 */
export interface BatchWrite {
  /** Statements independent of each other and of every other write of the batch. */
  readonly together: RawBuilder<unknown>[];
  /** Writes that read what the `together` statements stored. */
  readonly after: ((tx: Tx) => Promise<void>)[];
  /** Item rows the batch changed, to announce once it commits. */
  readonly changed: ItemRow[];
}
