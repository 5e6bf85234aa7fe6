import { randomBytes } from 'node:crypto';
import type { Database, NotifyRulesTable, SecretBox } from '@pipe/db';
import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { Destination, DestinationKind } from './destinations.js';
import { type Filter, parseFilter } from './filter.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A rule as the notifier uses it: its filter parsed and its destination opened. */
export interface NotifyRule {
  id: string;
  team: string;
  filter: Filter;
  destination: Destination;
}

/** What `pipe notify list` shows of a rule: never its secrets. */
export interface RuleSummary {
  id: string;
  team: string;
  kind: DestinationKind;
  /** The destination's host (and the chat for Telegram). */
  destination: string;
  when: string;
  createdAt: Date;
  paused: { at: Date; reason: string } | null;
  delivered: number;
  pending: number;
  /** Changes that were not delivered, with why (the latest few). */
  deadLetters: { changeKey: string; itemId: string; reason: string; at: Date | null }[];
  deadLetterCount: number;
}

/** What {@link addRule} stores. */
export interface NewRule {
  team: string;
  kind: DestinationKind;
  url: string;
  secret: string | null;
  chatId: string | null;
  when: string;
}

const sealContext = (id: string, part: 'destination' | 'secret') => `notify-rule:${id}:${part}`;

/** Only the host is shown: Slack and Discord webhook URLs carry their secret in the path. */
function hintOf(rule: NewRule): string {
  const host = new URL(rule.url).host;
  return rule.kind === 'telegram' ? `${host} chat ${rule.chatId ?? ''}` : host;
}

/** Stores a rule with its destination and secret sealed; returns its id. The filter must parse. */
export async function addRule(db: Db, box: SecretBox, rule: NewRule): Promise<string> {
  const filter = parseFilter(rule.when);
  const id = `nr_${randomBytes(6).toString('hex')}`;
  await db
    .insertInto('notify_rules')
    .values({
      id,
      team: rule.team,
      kind: rule.kind,
      sealed_destination: box.seal(rule.url, sealContext(id, 'destination')),
      sealed_secret: rule.secret === null ? null : box.seal(rule.secret, sealContext(id, 'secret')),
      chat_id: rule.chatId,
      destination_hint: hintOf(rule),
      filter: filter.text,
    })
    .execute();
  return id;
}

/** Removes a rule of the team (and its delivery records); false when the team has no such rule. */
export async function removeRule(db: Db, team: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('notify_rules').where('team', '=', team).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Opens a stored rule's destination. */
export function openRule(box: SecretBox, row: Selectable<NotifyRulesTable>): NotifyRule {
  return {
    id: row.id,
    team: row.team,
    filter: parseFilter(row.filter),
    destination: {
      kind: row.kind as DestinationKind,
      url: box.open(row.sealed_destination, sealContext(row.id, 'destination')),
      secret: row.sealed_secret === null ? null : box.open(row.sealed_secret, sealContext(row.id, 'secret')),
      chatId: row.chat_id,
    },
  };
}

/** Every rule of the team, opened (for `pipe notify test`). */
export async function allRules(db: Db, box: SecretBox, team: string): Promise<NotifyRule[]> {
  const rows = await db.selectFrom('notify_rules').selectAll().where('team', '=', team).orderBy('id').execute();
  return rows.map((row) => openRule(box, row));
}

/** Pauses a rule with the reason (a deleted webhook); `pipe notify list` shows it. */
export async function pauseRule(db: Db, id: string, reason: string): Promise<void> {
  await db
    .updateTable('notify_rules')
    .set({ paused_at: new Date(), paused_reason: reason })
    .where('id', '=', id)
    .where('paused_at', 'is', null)
    .execute();
}

/** What {@link resumeRule} did: the rule was not found, was not paused, or was resumed (with the pause it cleared). */
export type ResumeOutcome =
  | { kind: 'unknown' }
  | { kind: 'not-paused' }
  | { kind: 'resumed'; pausedAt: Date; reason: string; pending: number };

/**
 * Clears a rule's pause (the destination was fixed or re-created): from now on it matches changes
 * again. Changes that came while it was paused were never queued for it and are not sent; those
 * it had queued before the pause and not yet sent (`pending`) go out now.
 */
export async function resumeRule(db: Db, team: string, id: string): Promise<ResumeOutcome> {
  // Postgres reads the joined row before the update: the pause this statement cleared, in one step.
  const resumed = await db
    .updateTable('notify_rules as r')
    .from('notify_rules as before')
    .set({ paused_at: null, paused_reason: null })
    .whereRef('before.id', '=', 'r.id')
    .where('r.team', '=', team)
    .where('r.id', '=', id)
    .where('r.paused_at', 'is not', null)
    .returning(['before.paused_at', 'before.paused_reason'])
    .executeTakeFirst();
  if (resumed?.paused_at == null) {
    const exists = await db.selectFrom('notify_rules').select('id').where('team', '=', team).where('id', '=', id).executeTakeFirst();
    return exists ? { kind: 'not-paused' } : { kind: 'unknown' };
  }
  const pending = await db
    .selectFrom('notify_deliveries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('rule_id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return { kind: 'resumed', pausedAt: resumed.paused_at, reason: resumed.paused_reason ?? '', pending: Number(pending?.n ?? 0) };
}

/** The team's rules with their delivery counts and latest dead letters. */
export async function listRules(db: Db, team: string, deadLettersShown = 5): Promise<RuleSummary[]> {
  const rows = await db
    .selectFrom('notify_rules as r')
    .leftJoin('notify_deliveries as d', 'd.rule_id', 'r.id')
    .select([
      'r.id',
      'r.team',
      'r.kind',
      'r.destination_hint',
      'r.filter',
      'r.created_at',
      'r.paused_at',
      'r.paused_reason',
      sql<string>`count(d.id) filter (where d.state = 'delivered')`.as('delivered'),
      sql<string>`count(d.id) filter (where d.state in ('pending', 'sending'))`.as('pending'),
      sql<string>`count(d.id) filter (where d.state = 'dead')`.as('dead'),
    ])
    .where('r.team', '=', team)
    .groupBy('r.id')
    .orderBy('r.created_at')
    .execute();
  const summaries: RuleSummary[] = [];
  for (const row of rows) {
    const dead = Number(row.dead);
    const letters =
      dead === 0
        ? []
        : await db
            .selectFrom('notify_deliveries')
            .select(['change_key', 'item_id', 'last_error', 'settled_at'])
            .where('rule_id', '=', row.id)
            .where('state', '=', 'dead')
            .orderBy('id', 'desc')
            .limit(deadLettersShown)
            .execute();
    summaries.push({
      id: row.id,
      team: row.team,
      kind: row.kind as DestinationKind,
      destination: row.destination_hint,
      when: row.filter,
      createdAt: row.created_at,
      paused: row.paused_at ? { at: row.paused_at, reason: row.paused_reason ?? '' } : null,
      delivered: Number(row.delivered),
      pending: Number(row.pending),
      deadLetterCount: dead,
      deadLetters: letters.map((l) => ({ changeKey: l.change_key, itemId: l.item_id, reason: l.last_error ?? '', at: l.settled_at })),
    });
  }
  return summaries;
}

/** Across every team: dead letters and paused rules, for `pipe status`. */
export async function notificationTroubles(
  db: Db,
): Promise<{ deadLetters: number; pausedRules: { id: string; team: string; reason: string }[] }> {
  const dead = await db
    .selectFrom('notify_deliveries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', '=', 'dead')
    .executeTakeFirst();
  const paused = await db
    .selectFrom('notify_rules')
    .select(['id', 'team', 'paused_reason'])
    .where('paused_at', 'is not', null)
    .orderBy('id')
    .execute();
  return {
    deadLetters: Number(dead?.n ?? 0),
    pausedRules: paused.map((rule) => ({ id: rule.id, team: rule.team, reason: rule.paused_reason ?? '' })),
  };
}
