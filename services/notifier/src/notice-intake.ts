import { type Delivery, type Outcome, ack, skip } from '@pipe/bus';
import type { Database, SecretBox } from '@pipe/db';
import type { ChangeNotice } from '@pipe/events';
import { type NotifyRule, activeRules, matchesFilter } from '@pipe/notify';
import { type Kysely, sql } from 'kysely';
import { readChangeFacts } from './change-facts-reader.js';

/** What {@link intakeNotices} needs. */
export interface IntakeDeps {
  db: Kysely<Database>;
  box: SecretBox;
  /** The durable consumer's name: the key of its progress record. */
  consumer: string;
  /** The team a notice's subject names (`pipe.changes.<team>`); a notice claiming another team is skipped. */
  teamOfSubject(subject: string): string;
}

/**
 * Matches a batch of change notices against their team's rules and records one delivery row per
 * (rule, change) — in one transaction with the consumer's progress, before the notices are
 * acknowledged. A redelivered notice (after a crash, a restart or a lost ack) finds its rows
 * there already (`on conflict do nothing`), so no change is queued, or sent, twice. A rule sees
 * only the notices of its own team: rules are looked up by the notice's team, which must be the
 * team its subject names.
 */
export async function intakeNotices(deps: IntakeDeps, batch: Delivery<ChangeNotice>[]): Promise<{ outcomes: Outcome[]; queued: number }> {
  const rulesByTeam = new Map<string, NotifyRule[]>();
  const rows: { rule_id: string; change_key: string; team: string; item_id: string; facts: string }[] = [];
  const outcomes: Outcome[] = [];
  for (const delivery of batch) {
    const notice = delivery.value;
    if (deps.teamOfSubject(delivery.subject) !== notice.team) {
      outcomes.push(skip(`the notice names team ${notice.team} but was published on ${delivery.subject}`));
      continue;
    }
    let rules = rulesByTeam.get(notice.team);
    if (rules === undefined) {
      rules = await activeRules(deps.db, deps.box, notice.team);
      rulesByTeam.set(notice.team, rules);
    }
    if (rules.length === 0) {
      outcomes.push(skip(`team ${notice.team} has no active notification rule`));
      continue;
    }
    const facts = await readChangeFacts(deps.db, notice);
    for (const change of facts) {
      for (const rule of rules) {
        if (rule.team !== notice.team || !matchesFilter(rule.filter, change)) continue;
        rows.push({
          rule_id: rule.id,
          change_key: `${notice.eventSeq}:${change.itemId}`,
          team: notice.team,
          item_id: change.itemId,
          facts: JSON.stringify(change),
        });
      }
    }
    outcomes.push(ack());
  }
  const lastSeq = Math.max(0, ...batch.map((d) => d.seq));
  let queued = 0;
  await deps.db.transaction().execute(async (tx) => {
    if (rows.length > 0) {
      const inserted = await tx
        .insertInto('notify_deliveries')
        .values(rows.map((row) => ({ ...row, facts: sql`${row.facts}::jsonb` })))
        .onConflict((oc) => oc.columns(['rule_id', 'change_key']).doNothing())
        .executeTakeFirst();
      queued = Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
    await tx
      .insertInto('notify_progress')
      .values({ consumer: deps.consumer, last_seq: lastSeq })
      .onConflict((oc) =>
        oc.column('consumer').doUpdateSet({ last_seq: sql`greatest(notify_progress.last_seq, excluded.last_seq)`, updated_at: new Date() }),
      )
      .execute();
  });
  return { outcomes, queued };
}
