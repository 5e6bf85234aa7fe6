import type { Database } from '@pipe/db';
import type { ChangeFacts, NotifyRule } from '@pipe/notify';
import { type Kysely, sql } from 'kysely';
import type { OpenedRules } from './opened-rules.js';

/** A pending delivery with its rule, opened. */
export interface DueDelivery {
  id: string;
  itemId: string;
  attempts: number;
  facts: ChangeFacts;
  rule: NotifyRule;
}

/** Pending deliveries whose time has come, of rules that are not paused, oldest first. */
export async function dueDeliveries(db: Kysely<Database>, rules: OpenedRules, limit: number): Promise<DueDelivery[]> {
  const rows = await db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_rules as r', 'r.id', 'd.rule_id')
    .select(['d.id', 'd.item_id', 'd.attempts', 'd.facts'])
    .select([
      'r.id as rule_id',
      'r.team',
      'r.kind',
      'r.sealed_destination',
      'r.sealed_secret',
      'r.chat_id',
      'r.destination_hint',
      'r.filter',
      'r.created_at',
      'r.paused_at',
      'r.paused_reason',
    ])
    .where('d.state', '=', 'pending')
    .where('d.next_attempt_at', '<=', sql<Date>`now()`)
    .where('r.paused_at', 'is', null)
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    itemId: row.item_id,
    attempts: row.attempts,
    facts: row.facts as ChangeFacts,
    rule: rules.open({
      id: row.rule_id,
      team: row.team,
      kind: row.kind,
      sealed_destination: row.sealed_destination,
      sealed_secret: row.sealed_secret,
      chat_id: row.chat_id,
      destination_hint: row.destination_hint,
      filter: row.filter,
      created_at: row.created_at,
      paused_at: row.paused_at,
      paused_reason: row.paused_reason,
    }),
  }));
}

/** When the earliest pending delivery of an active rule is due (null: none pending). */
export async function nextDueAt(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_rules as r', 'r.id', 'd.rule_id')
    .select((eb) => eb.fn.min('d.next_attempt_at').as('at'))
    .where('d.state', '=', 'pending')
    .where('r.paused_at', 'is', null)
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : null;
}

/**
 * Marks deliveries as being sent in one message, counting the attempt; committed before the
 * request leaves, so a crash during it can never send them again. Returns the ids it claimed.
 * `delivered`: the destination's previous message, which arrived — settled in the same statement
 * (one commit per message on a destination's chain instead of two), so it is never left
 * `sending` once the next one is.
 */
export async function claim(db: Kysely<Database>, ids: string[], messageId: string, delivered: string[] = []): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with delivered as (
      update notify_deliveries set state = 'delivered', settled_at = now(), last_error = null
      where id = any(${delivered}::bigint[])
    )
    update notify_deliveries set state = 'sending', attempts = attempts + 1, message_id = ${messageId}
    where id = any(${ids}::bigint[]) and state = 'pending'
    returning id`.execute(db);
  return rows.map((r) => String(r.id));
}

/** The message arrived (its destination's last one for now; see {@link claim} for the others). */
export async function markDelivered(db: Kysely<Database>, ids: string[]): Promise<void> {
  await db
    .updateTable('notify_deliveries')
    .set({ state: 'delivered', settled_at: new Date(), last_error: null })
    .where('id', 'in', ids)
    .execute();
}

/** Back to pending, due at `at`; `countAttempt` false when the message never left (an open breaker). */
export async function reschedule(db: Kysely<Database>, ids: string[], at: Date, reason: string, countAttempt: boolean): Promise<void> {
  await db
    .updateTable('notify_deliveries')
    .set({ state: 'pending', next_attempt_at: at, last_error: reason, ...(countAttempt ? {} : { attempts: sql`attempts - 1` }) })
    .where('id', 'in', ids)
    .execute();
}

/** Dead letters: never sent again; `pipe notify list` and `pipe status` show them with the reason. */
export async function markDead(db: Kysely<Database>, ids: string[], reason: string): Promise<void> {
  await db
    .updateTable('notify_deliveries')
    .set({ state: 'dead', settled_at: new Date(), last_error: reason })
    .where('id', 'in', ids)
    .execute();
}

/** The reason given to deliveries a crashed notifier was sending. */
export const INTERRUPTED =
  'the notifier stopped while this message was being sent; it may have arrived, so it is not sent again (at most once per rule and change)';

/**
 * Deliveries a previous dispatcher was sending when it died: their message may or may not have
 * arrived. Sending them again could double them, so they become dead letters that say so.
 */
export async function settleInterrupted(db: Kysely<Database>): Promise<number> {
  const result = await db
    .updateTable('notify_deliveries')
    .set({ state: 'dead', settled_at: new Date(), last_error: INTERRUPTED })
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Forgets delivered changes after `keepDays`. The idempotency record only has to outlive any
 * redelivery of its notice, and `PIPE_CHANGES` keeps notices for six hours; dead letters stay
 * until their rule is removed, for `pipe notify list`.
 */
export async function pruneDelivered(db: Kysely<Database>, keepDays = 7): Promise<number> {
  const result = await db
    .deleteFrom('notify_deliveries')
    .where('state', '=', 'delivered')
    .where('settled_at', '<', sql<Date>`now() - make_interval(days => ${keepDays})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
