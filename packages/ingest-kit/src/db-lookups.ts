import { type SecretBox, findApiKey, getAssistantSettings, getWebhookSecret, setWebhookSecret } from '@pipe/db';
import type { IngestIo, IngestLogger, IngestLookups, IssueKeyDirectory } from '@pipe/platforms';
import type { IngestPublisher } from './publisher.js';
import type { IngestResources } from './run-ingest-service.js';
import { cacheByTeam } from './secret-cache.js';

type Db = IngestResources['db'];

interface JiraIssueKeysTable {
  team: string;
  issue_id: string;
  issue_key: string;
  updated_at: Date | string;
}

/** Options of {@link dbLookups}. */
export interface DbLookupsOptions {
  /**
   * How long an API key's team and a team's prompt opt-in are remembered (ms; default 15 s):
   * a burst of requests does not query each time, and a revoked key stops working within it.
   */
  cacheTtlMs?: number;
  /** While Postgres is unreachable, how long a looked-up answer is still served after it was read (ms; default 0: never). */
  maxStaleMs?: number;
}

/**
 * The lookups a platform's I/O steps use, in Postgres: what the ingest runtime hands a platform,
 * and what `pipe replay --renormalize` passes to run the platforms' `enrich` steps (with no
 * `box`: those read no secrets).
 */
export function dbLookups(db: Db, box: SecretBox | null, options: DbLookupsOptions = {}): IngestLookups {
  const ttlMs = options.cacheTtlMs ?? 15_000;
  const maxStaleMs = options.maxStaleMs ?? 0;
  // Replay reads no secrets, so it may run without PIPE_SECRET_KEY.
  const opened = (): SecretBox => {
    if (!box) throw new Error("the teams' secrets cannot be read here: no PIPE_SECRET_KEY was given");
    return box;
  };
  return {
    // A key found before an outage keeps working through it (bounded); a key not found is asked again.
    teamForApiKey: cacheByTeam(async (key) => (await findApiKey(db, key))?.team ?? null, {
      ttlMs,
      maxStaleMs,
      servesStale: (team) => team !== null,
    }),
    storesPrompts: cacheByTeam(async (team) => (await getAssistantSettings(db, team)).storePrompts, { ttlMs, maxStaleMs }),
    secret: async (team, name) => getWebhookSecret(db, opened(), team, name),
    setSecret: async (team, name, value) => setWebhookSecret(db, opened(), team, name, value),
    issueKeys: dbIssueKeyDirectory(db),
  };
}

/**
 * Jira issue id → key, per team (table `jira_issue_keys`, migration 0003): what resolves the
 * numeric ids of `issuelink_*` deliveries into Pipe's key-based item ids.
 */
function dbIssueKeyDirectory(db: Db): IssueKeyDirectory {
  const keys = db.withTables<{ jira_issue_keys: JiraIssueKeysTable }>();
  return {
    async keysFor(team, ids) {
      if (ids.length === 0) return new Map();
      const rows = await keys
        .selectFrom('jira_issue_keys')
        .select(['issue_id', 'issue_key'])
        .where('team', '=', team)
        .where('issue_id', 'in', [...ids])
        .execute();
      return new Map(rows.map((row) => [row.issue_id, row.issue_key]));
    },
    async remember(team, pairs) {
      // One row per id (an issue can appear twice in a body), else the upsert would hit it twice.
      const unique = [...new Map(pairs.map((pair) => [pair.id, pair])).values()];
      if (unique.length === 0) return;
      await keys
        .insertInto('jira_issue_keys')
        .values(unique.map((pair) => ({ team, issue_id: pair.id, issue_key: pair.key, updated_at: new Date() })))
        .onConflict((oc) =>
          oc
            .columns(['team', 'issue_id'])
            .doUpdateSet((eb) => ({ issue_key: eb.ref('excluded.issue_key'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    },
  };
}

/**
 * Everything a platform's I/O steps get in a service: {@link dbLookups}, the service's logger,
 * and its publisher for events derived after the answer.
 */
export function dbIngestIo(
  db: Db,
  box: SecretBox,
  publisher: Pick<IngestPublisher, 'publishEvent'>,
  logger: IngestLogger,
  options: DbLookupsOptions = {},
): IngestIo {
  return { ...dbLookups(db, box, options), logger, publishEvent: (event, msgId) => publisher.publishEvent(event, msgId) };
}
