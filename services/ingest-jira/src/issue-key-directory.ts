import type { IngestResources } from '@pipe/ingest-kit';
import type { IssueKey } from './normalize/index.js';

type Db = IngestResources['db'];

interface JiraIssueKeysTable {
  team: string;
  issue_id: string;
  issue_key: string;
  updated_at: Date | string;
}

/**
 * Jira issue id → key, per team (table `jira_issue_keys`, migration 0003): what resolves the
 * numeric ids of `issuelink_*` deliveries into Pipe's key-based item ids.
 */
export interface IssueKeyDirectory {
  /** The keys known for these ids; unknown ids are absent from the map. */
  keysFor(team: string, ids: readonly string[]): Promise<Map<string, string>>;
  /** Records pairs a delivery stated; the latest wins (a moved issue changes key). */
  remember(team: string, pairs: readonly IssueKey[]): Promise<void>;
}

/** An {@link IssueKeyDirectory} in Postgres. */
export function dbIssueKeyDirectory(db: Db): IssueKeyDirectory {
  const keys = db.withTables<{ jira_issue_keys: JiraIssueKeysTable }>();
  return {
    async keysFor(team, ids) {
      if (ids.length === 0) return new Map();
      const rows = await keys.selectFrom('jira_issue_keys').select(['issue_id', 'issue_key']).where('team', '=', team).where('issue_id', 'in', [...ids]).execute();
      return new Map(rows.map((row) => [row.issue_id, row.issue_key]));
    },
    async remember(team, pairs) {
      // One row per id (an issue can appear twice in a body), else the upsert would hit it twice.
      const unique = [...new Map(pairs.map((pair) => [pair.id, pair])).values()];
      if (unique.length === 0) return;
      await keys
        .insertInto('jira_issue_keys')
        .values(unique.map((pair) => ({ team, issue_id: pair.id, issue_key: pair.key, updated_at: new Date() })))
        .onConflict((oc) => oc.columns(['team', 'issue_id']).doUpdateSet((eb) => ({ issue_key: eb.ref('excluded.issue_key'), updated_at: eb.ref('excluded.updated_at') })))
        .execute();
    },
  };
}
