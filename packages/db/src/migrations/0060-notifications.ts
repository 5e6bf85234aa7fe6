import { type Kysely, sql } from 'kysely';

/**
 * The notifier's tables (issue 21). `notify_rules`: a team's rules, their destinations sealed
 * (webhook URLs and bot tokens are secrets). `notify_deliveries`: one row per (rule, change) —
 * the idempotency record the notifier writes in the same transaction as its consumer's progress,
 * so a redelivered change notice finds its rows already there and nothing is sent twice; the row
 * then carries the delivery's state, attempts and, for a dead letter, the reason.
 * `notify_progress`: the last `PIPE_CHANGES` sequence the notifier recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notify_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull().references('teams.slug').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // The destination URL (Slack/Discord webhook, generic webhook) or the Telegram bot token.
    .addColumn('sealed_destination', 'text', (c) => c.notNull())
    // The generic webhook's signing secret; null for the other kinds.
    .addColumn('sealed_secret', 'text')
    // Telegram's chat id; null for the other kinds.
    .addColumn('chat_id', 'text')
    // Which host the rule posts to, shown by `pipe notify list` (never the secret path).
    .addColumn('destination_hint', 'text', (c) => c.notNull())
    // The --when filter as typed; empty matches every change of the team.
    .addColumn('filter', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('paused_at', 'timestamptz')
    .addColumn('paused_reason', 'text')
    .execute();
  await db.schema.createIndex('notify_rules_team').on('notify_rules').column('team').execute();

  await db.schema
    .createTable('notify_deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('rule_id', 'text', (c) => c.notNull().references('notify_rules.id').onDelete('cascade'))
    // `<event seq>:<item id>`: one change of one item, however often its notice is delivered.
    .addColumn('change_key', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    // What the message says about the change (title, platform, who, what, link), read when it was matched.
    .addColumn('facts', 'jsonb', (c) => c.notNull())
    // pending → sending → delivered | dead. `sending` rows left by a crash are never sent again.
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    // Which message carried it: several changes share one when merged or digested.
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('settled_at', 'timestamptz')
    .addUniqueConstraint('notify_deliveries_once', ['rule_id', 'change_key'])
    .execute();
  await sql`create index notify_deliveries_due on notify_deliveries (next_attempt_at) where state = 'pending'`.execute(db);
  await sql`create index notify_deliveries_dead on notify_deliveries (rule_id) where state = 'dead'`.execute(db);

  await db.schema
    .createTable('notify_progress')
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notify_progress').ifExists().execute();
  await db.schema.dropTable('notify_deliveries').ifExists().execute();
  await db.schema.dropTable('notify_rules').ifExists().execute();
}
