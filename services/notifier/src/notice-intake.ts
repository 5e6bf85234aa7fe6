import { type Delivery, type Outcome, ack, skip } from '@pipe/bus';
import type { Database } from '@pipe/db';
import type { ChangeNotice } from '@pipe/events';
import { type ChangeFacts, type NotifyRule, matchesFilter } from '@pipe/notify';
import { type Kysely, sql } from 'kysely';
import { readChangeFacts } from './change-facts-reader.js';
import type { DueDelivery } from './delivery-store.js';
import type { OpenedRules } from './opened-rules.js';

/** What {@link intakeNotices} needs. */
export interface IntakeDeps {
  db: Kysely<Database>;
  rules: OpenedRules;
  /** The durable consumer's name: the key of its progress record. */
  consumer: string;
  /** The team a notice's subject names (`pipe.changes.<team>`); a notice claiming another team is skipped. */
  teamOfSubject(subject: string): string;
  /** The dispatcher's reservations (see `Dispatcher.reserve`): a change it can send right away is recorded already claimed. */
  reservations?: Reservations;
}

/** What the intake asks of the dispatcher for changes it could send at once. */
export interface Reservations {
  reserve(rule: NotifyRule, itemId: string): string | null;
  sendReserved(messageId: string, delivery: DueDelivery): void;
  release(messageId: string): void;
}

/** One (rule, change) the batch matched, before it is recorded. */
interface Match {
  rule: NotifyRule;
  changeKey: string;
  facts: ChangeFacts;
  /** Reserved by the dispatcher: recorded as `sending` in this message. */
  messageId?: string;
}

/**
 * Matches a batch of change notices against their team's rules and records one delivery row per
 * (rule, change) — in one statement with the consumer's progress, before the notices are
 * acknowledged. A redelivered notice (after a crash, a restart or a lost ack) finds its rows
 * there already (`on conflict do nothing`), so no change is queued, or sent, twice. A rule sees
 * only the notices of its own team: rules are looked up by the notice's team, which must be the
 * team its subject names. Per team, the rules and the read model are read in one round of
 * queries for the whole batch; a rule paused or removed since is left out by the statement
 * itself. A change the dispatcher can send at once is recorded already claimed and handed to it
 * after the commit; returns the other deliveries it queued, for the dispatcher to send without
 * looking them up.
 */
export async function intakeNotices(
  deps: IntakeDeps,
  batch: Delivery<ChangeNotice>[],
): Promise<{ outcomes: Outcome[]; queued: DueDelivery[] }> {
  const outcomes: Outcome[] = new Array(batch.length);
  const byTeam = new Map<string, number[]>();
  for (const [i, delivery] of batch.entries()) {
    const notice = delivery.value;
    if (deps.teamOfSubject(delivery.subject) !== notice.team) {
      outcomes[i] = skip(`the notice names team ${notice.team} but was published on ${delivery.subject}`);
      continue;
    }
    byTeam.set(notice.team, [...(byTeam.get(notice.team) ?? []), i]);
  }
  const matches: Match[] = [];
  await Promise.all(
    [...byTeam].map(async ([team, indexes]) => {
      const notices = indexes.map((i) => (batch[i] as Delivery<ChangeNotice>).value);
      const [rules, facts] = await Promise.all([deps.rules.active(deps.db, team), readChangeFacts(deps.db, team, notices)]);
      for (const [n, i] of indexes.entries()) {
        if (rules.length === 0) {
          outcomes[i] = skip(`team ${team} has no active notification rule`);
          continue;
        }
        const notice = notices[n] as ChangeNotice;
        for (const change of facts[n] ?? []) {
          for (const rule of rules) {
            if (rule.team !== team || !matchesFilter(rule.filter, change)) continue;
            matches.push({ rule, changeKey: `${notice.eventSeq}:${change.itemId}`, facts: change });
          }
        }
        outcomes[i] = ack();
      }
    }),
  );
  const lastSeq = Math.max(0, ...batch.map((d) => d.seq));
  const reservations = deps.reservations;
  if (reservations) {
    for (const match of matches) {
      const messageId = reservations.reserve(match.rule, match.facts.itemId);
      if (messageId !== null) match.messageId = messageId;
    }
  }
  let inserted: { id: string; rule_id: string; change_key: string }[];
  try {
    inserted = await recordMatches(deps.db, deps.consumer, lastSeq, matches);
  } catch (error) {
    for (const match of matches) if (match.messageId) reservations?.release(match.messageId);
    throw error;
  }
  const byKey = new Map(matches.map((m) => [`${m.rule.id} ${m.changeKey}`, m]));
  const queued: DueDelivery[] = [];
  const sent = new Set<string>();
  for (const row of inserted) {
    const match = byKey.get(`${row.rule_id} ${row.change_key}`);
    if (!match) continue;
    const delivery: DueDelivery = { id: String(row.id), itemId: match.facts.itemId, attempts: 0, facts: match.facts, rule: match.rule };
    if (match.messageId) {
      reservations?.sendReserved(match.messageId, delivery);
      sent.add(match.messageId);
    } else queued.push(delivery);
  }
  // A reserved change not inserted was recorded before (a redelivered notice) or its rule was paused meanwhile.
  for (const match of matches) if (match.messageId && !sent.has(match.messageId)) reservations?.release(match.messageId);
  queued.sort((a, b) => Number(a.id) - Number(b.id));
  return { outcomes, queued };
}

/**
 * One statement, so one commit and one round trip: the delivery rows (of rules still active, each
 * (rule, change) once; a reserved one already claimed as `sending`, so its request may leave as
 * soon as this commits) and the consumer's progress. Returns the rows it inserted.
 */
async function recordMatches(
  db: Kysely<Database>,
  consumer: string,
  lastSeq: number,
  matches: Match[],
): Promise<{ id: string; rule_id: string; change_key: string }[]> {
  const rows = JSON.stringify(
    matches.map((m, n) => ({
      n,
      rule_id: m.rule.id,
      change_key: m.changeKey,
      team: m.facts.team,
      item_id: m.facts.itemId,
      facts: m.facts,
      message_id: m.messageId ?? null,
    })),
  );
  const { rows: inserted } = await sql<{ id: string; rule_id: string; change_key: string }>`
    with queued as (
      insert into notify_deliveries (rule_id, change_key, team, item_id, facts, state, attempts, message_id)
      select m.rule_id, m.change_key, m.team, m.item_id, m.facts,
        case when m.message_id is null then 'pending' else 'sending' end,
        case when m.message_id is null then 0 else 1 end,
        m.message_id
      from jsonb_to_recordset(${rows}::jsonb) as m(n int, rule_id text, change_key text, team text, item_id text, facts jsonb, message_id text)
      join notify_rules r on r.id = m.rule_id and r.team = m.team and r.paused_at is null
      -- Ids in the notices' order: the dispatcher sends each destination's changes oldest first.
      order by m.n
      on conflict (rule_id, change_key) do nothing
      returning id, rule_id, change_key
    ), progress as (
      insert into notify_progress (consumer, last_seq) values (${consumer}, ${lastSeq})
      on conflict (consumer) do update set last_seq = greatest(notify_progress.last_seq, excluded.last_seq), updated_at = now()
    )
    select id, rule_id, change_key from queued`.execute(db);
  return inserted;
}
