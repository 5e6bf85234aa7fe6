import { type Kysely, sql } from 'kysely';

/**
 * What ingest services remember between deliveries. `jira_issue_keys`: Jira's numeric issue id →
 * its key, per team. Jira's `issuelink_*` webhooks name both issues by numeric id only, while
 * Pipe's item ids use the key (`jira:issue:ACME-12`); every issue and comment delivery carries
 * both, so ingest-jira records the pair and resolves links with it. A key changes when an issue
 * moves to another project, so the latest delivery wins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jira_issue_keys')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('jira_issue_keys_pk', ['team', 'issue_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('jira_issue_keys').ifExists().execute();
}
