import type { Database, NotifyRulesTable, SecretBox } from '@pipe/db';
import { type NotifyRule, openRule } from '@pipe/notify';
import type { Kysely, Selectable } from 'kysely';

type RuleRow = Selectable<NotifyRulesTable>;

/**
 * Opened rules, kept while their stored row is unchanged: opening one decrypts its destination and
 * secret and parses its filter, which is worth doing once per rule rather than once per batch of
 * notices or per dispatch round. The rows themselves are read every time, so a rule added, paused,
 * resumed or removed counts from the next batch — there is nothing to invalidate.
 */
export class OpenedRules {
  readonly #opened = new Map<string, { row: RuleRow; rule: NotifyRule }>();

  constructor(private readonly box: SecretBox) {}

  /** The rule of a stored row, opened (or the one opened before, if the row is as it was). */
  open(row: RuleRow): NotifyRule {
    const known = this.#opened.get(row.id);
    if (known && sameRule(known.row, row)) return known.rule;
    const rule = openRule(this.box, row);
    this.#opened.set(row.id, { row, rule });
    return rule;
  }

  /** The team's rules that are not paused, opened; one indexed query. */
  async active(db: Kysely<Database>, team: string): Promise<NotifyRule[]> {
    const rows = await db
      .selectFrom('notify_rules')
      .selectAll()
      .where('team', '=', team)
      .where('paused_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map((row) => this.open(row));
  }
}

/** What opening a rule depends on. */
const sameRule = (a: RuleRow, b: RuleRow): boolean =>
  a.team === b.team &&
  a.kind === b.kind &&
  a.sealed_destination === b.sealed_destination &&
  a.sealed_secret === b.sealed_secret &&
  a.chat_id === b.chat_id &&
  a.filter === b.filter;
