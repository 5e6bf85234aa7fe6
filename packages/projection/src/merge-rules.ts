import { type RawBuilder, sql } from 'kysely';
import type { ItemRow } from './write/upsert-items.js';

/**
 * How two rows of the same key combine, written once for the planner (events of one batch) and the
 * replay fold (batches of a whole log): given the row held and a row that comes later in the log,
 * the row to keep (`held` itself, `next`, or `held` updated in place). Each rule's SQL twin — how
 * the database combines a batch's row with the stored one — sits beside it, so the two are read
 * and changed together.
 */
export type MergeRule<Row> = (held: Row, next: Row) => Row;

/**
 * Offers `row` under `key`: kept when nothing is held, else what `rule` keeps. True when `row`
 * itself is kept.
 */
export function offer<Row>(rows: Map<string, Row>, key: string, row: Row, rule: MergeRule<Row>): boolean {
  const held = rows.get(key);
  const kept = held === undefined ? row : rule(held, row);
  if (kept !== held) rows.set(key, kept);
  return kept === row;
}

/**
 * The newest snapshot of an item wins, by (version, removal, event id) — the order the database
 * applies too (see `upsertItemsReplacingDerivedEdges`): the same version removed beats observed, so
 * a late snapshot cannot revive a deleted item.
 */
export const newestSnapshot: MergeRule<ItemRow> = (held, next) => (isNewer(next, held) ? next : held);

/**
 * {@link newestSnapshot} in SQL: the row `stored` (a table or alias) is older than the row `next`.
 * Text fixed per call site, so statements using it stay prepared-friendly.
 */
export const olderSnapshotSql = (stored: string, next: string): RawBuilder<unknown> =>
  sql.raw(
    `(${stored}.version, ${stored}.removed_at is not null, ${stored}.event_id) < (${next}.version, ${next}.removed_at is not null, ${next}.event_id)`,
  );

/** The order of {@link newestSnapshot}: is `a` newer than `b`? */
export function isNewer(a: ItemRow, b: ItemRow): boolean {
  if (a.version !== b.version) return a.version > b.version;
  const aRemoved = a.removed_at !== null;
  const bRemoved = b.removed_at !== null;
  if (aRemoved !== bRemoved) return aRemoved;
  return a.event_id > b.event_id;
}

/**
 * The latest statement wins, by event id (a stated link or its removal, an identity's details): a
 * late, older event cannot undo a newer one. The database applies the same (`where … event_id <
 * excluded.event_id`).
 */
export const latestStatement: MergeRule<{ event_id: string }> = (held, next) => (held.event_id < next.event_id ? next : held);

/** {@link latestStatement} in SQL, for `on conflict … do update … where`: the row stored in `table` is the older statement. */
export const olderStatementSql = (table: string): RawBuilder<unknown> => sql.raw(`${table}.event_id < excluded.event_id`);

/** The first record wins (an activity redelivered is kept once; in SQL: `on conflict do nothing`). */
export const firstRecord: MergeRule<unknown> = (held) => held;

/**
 * What an activity's summary becomes once its item is removed at the source: summaries quote the
 * item's title ("mona posted in C2: <the message's first line>"), and a deletion is often of a
 * pasted secret, so nothing of the removed text may stay in the timeline. The rule, written once
 * for the database (`purgeRemovedSummaries`, and the activities insert checking the item's row)
 * and the replay fold (`LogFold`): an activity whose item's row is a tombstone — when the removal
 * lands or when the activity arrives after it — keeps only this.
 */
export const REMOVED_SUMMARY = '(removed at the source)';

/** Counts that add up, with the latest position and times (a platform's freshness). */
export interface Counts {
  last_event_seq: number;
  last_received_at: string;
  last_occurred_at: string;
  events: number;
}

/**
 * Adds `events` more events, the last at `seq`, to `held` (in place): counts add up, the greatest
 * sequence and times stay — as the database adds a batch's counts (`events + excluded.events`,
 * `greatest(…)`).
 */
export function addCounts(held: Counts, seq: number, receivedAt: string, occurredAt: string, events: number): void {
  held.events += events;
  held.last_event_seq = Math.max(held.last_event_seq, seq);
  if (receivedAt > held.last_received_at) held.last_received_at = receivedAt;
  if (occurredAt > held.last_occurred_at) held.last_occurred_at = occurredAt;
}

/** {@link addCounts} in SQL: the `on conflict … do update set` assignments adding a batch's counts to those stored in `table`. */
export const addCountsSql = (table: string): RawBuilder<unknown> =>
  sql.raw(`last_event_seq = greatest(${table}.last_event_seq, excluded.last_event_seq),
      last_received_at = greatest(${table}.last_received_at, excluded.last_received_at),
      last_occurred_at = greatest(${table}.last_occurred_at, excluded.last_occurred_at),
      events = ${table}.events + excluded.events`);
