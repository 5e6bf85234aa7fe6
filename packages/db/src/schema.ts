import type { ColumnType, Generated } from 'kysely';
import type { AccessScope } from './access-scopes.js';
import type {
  activitiesTable,
  checkpointsTable,
  edgesTable,
  identitiesTable,
  itemsTable,
  sourceLinksTable,
  sourceStatsTable,
} from './tables/read-model-tables.js';
import type { KyselyTable } from './tables/table-definition.js';

/** A timestamp column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A tenant. Every other row carries its slug. */
export interface TeamsTable {
  slug: string;
  name: string;
  created_at: DefaultedTimestamp;
}

/** API keys, stored as a SHA-256 of the key; the key itself is shown once, at creation. */
export interface ApiKeysTable {
  id: string;
  team: string;
  name: string;
  key_hash: string;
  /** The first characters of the key, so a human can tell keys apart in `pipe keys list`. */
  key_prefix: string;
  /** What the key may do: `read` or `admin` (see access-scopes.ts). */
  scope: ColumnType<AccessScope, AccessScope | undefined, AccessScope>;
  created_at: DefaultedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Webhook signing secrets, AES-256-GCM encrypted (see `SecretBox`). */
export interface WebhookSecretsTable {
  team: string;
  platform: string;
  sealed_secret: string;
  created_at: DefaultedTimestamp;
}

/** The latest known snapshot of every item (see `itemsTable`). */
export type ItemsTable = KyselyTable<typeof itemsTable>;

/** Typed relations between items, each with where it came from (see `edgesTable`). */
export type EdgesTable = KyselyTable<typeof edgesTable>;

/** The timeline: who did what to which item, when (see `activitiesTable`). */
export type ActivitiesTable = KyselyTable<typeof activitiesTable>;

/** People as each platform knows them (see `identitiesTable`). */
export type IdentitiesTable = KyselyTable<typeof identitiesTable>;

/** The links platforms state, removals included (see `sourceLinksTable`). */
export type SourceLinksTable = KyselyTable<typeof sourceLinksTable>;

/** Per team and platform: how fresh the read model is (see `sourceStatsTable`). */
export type SourceStatsTable = KyselyTable<typeof sourceStatsTable>;

/** View: edges whose target has not been seen yet. */
export type PendingReferencesView = EdgesTable;

/** View: identities grouped by person. */
export interface PeopleView {
  team: string;
  id: string;
  name: string | null;
  email: string | null;
  identity_count: number;
}

/** How far each projection has applied the log (see `checkpointsTable`). */
export type CheckpointsTable = KyselyTable<typeof checkpointsTable>;

/** A committed change notice not yet acknowledged by `PIPE_CHANGES` (the projector's outbox). */
export interface ChangeOutboxTable {
  id: Generated<number>;
  projection: string;
  partition: string;
  /** The notice's JSON, published as it is. */
  notice: string;
  recorded_at: DefaultedTimestamp;
}

/** One tool call through the gateway (who, which tool, when, arguments without secrets). */
export interface GatewayAuditTable {
  id: Generated<number>;
  team: string;
  key_id: string;
  session_id: string | null;
  tool: string;
  arguments: unknown;
  outcome: string;
  duration_ms: number;
  at: DefaultedTimestamp;
  /** The OAuth client that made the call (its client_id), when it came with an OAuth token. */
  client_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The sign-in link (its id, and the email it was made for) behind that token. */
  sign_in: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One thing the OAuth authorization server stores (a client, grant, code, token, session, interaction). */
export interface OAuthStoreTable {
  kind: string;
  id: string;
  payload: unknown;
  grant_id: string | null;
  uid: string | null;
  team: string | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

/** A one-time sign-in link made by `pipe login-link` (stored hashed). */
export interface OAuthSignInLinksTable {
  id: string;
  team: string;
  email: string | null;
  scope: AccessScope;
  code_hash: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** An MCP session of the gateway, so another gateway process can take it over. */
export interface GatewaySessionsTable {
  id: string;
  team: string;
  key_id: string;
  /** The client's `initialize` params. */
  initialize: unknown;
  /** Subscribed resource URIs. */
  subscriptions: ColumnType<string[], string | undefined, string>;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
}

/** A team's AI-assistant hook settings (ingest-assistant); no row means the defaults. */
export interface AssistantSettingsTable {
  team: string;
  /** Keep prompt text (off unless the team opted in). */
  store_prompts: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: DefaultedTimestamp;
}

/** A team's notification rule (issue 21); the destination and secret are sealed (see `SecretBox`). */
export interface NotifyRulesTable {
  id: string;
  team: string;
  kind: string;
  sealed_destination: string;
  sealed_secret: string | null;
  chat_id: string | null;
  /** The destination's host, for listings; never the secret part of the URL. */
  destination_hint: string;
  /** The `--when` filter as typed; empty matches every change. */
  filter: ColumnType<string, string | undefined, string>;
  created_at: DefaultedTimestamp;
  paused_at: Timestamp | null;
  paused_reason: string | null;
}

/** One (rule, change): the notifier's idempotency record and the delivery's state. */
export interface NotifyDeliveriesTable {
  id: Generated<string>;
  rule_id: string;
  /** `<event seq>:<item id>`. */
  change_key: string;
  team: string;
  item_id: string;
  facts: unknown;
  state: ColumnType<'pending' | 'sending' | 'delivered' | 'dead', 'pending' | 'sending' | 'delivered' | 'dead' | undefined>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: DefaultedTimestamp;
  last_error: string | null;
  message_id: string | null;
  created_at: DefaultedTimestamp;
  settled_at: Timestamp | null;
}

/** The last `PIPE_CHANGES` sequence the notifier's consumer recorded. */
export interface NotifyProgressTable {
  consumer: string;
  last_seq: ColumnType<string, number | string, number | string>;
  updated_at: DefaultedTimestamp;
}

/** A team's API credential for one platform (`pipe connect`), sealed; see `sync-connections.ts`. */
export interface SyncConnectionsTable {
  team: string;
  platform: string;
  sealed_token: string;
  api_url: string | null;
  account: string;
  /** `active`, or `needs_credential` after the platform refused it (401/403). */
  status: ColumnType<string, string | undefined, string>;
  status_message: string | null;
  items_synced: ColumnType<string, number | undefined, number | string>;
  last_sync_at: Timestamp | null;
  next_sync_at: Timestamp | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** One backfill of one scope; see `sync-jobs.ts`. */
export interface SyncJobsTable {
  id: string;
  team: string;
  platform: string;
  scope: string;
  /** `incremental` (from the scope's high-water mark or `--since`) or `full` (the whole window, finding deletions). */
  mode: string;
  since: Timestamp;
  /** `queued`, `running`, `paused` (waiting to resume), `failed` or `done`. */
  state: ColumnType<string, string | undefined, string>;
  cursor: ColumnType<unknown, string | null | undefined, string | null>;
  pages: ColumnType<number, number | undefined, number>;
  expected_pages: number | null;
  items: ColumnType<number, number | undefined, number>;
  unchanged: ColumnType<number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  error: string | null;
  resume_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  started_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
  /** The job that queued this one (a sync of every scope), or null. */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Per scope: where the next incremental sync starts, and when the last full pass ran. */
export interface SyncScopesTable {
  team: string;
  platform: string;
  scope: string;
  high_water: Timestamp;
  last_full_at: Timestamp | null;
}

/** What a full pass saw, per job; see `sync-seen.ts`. */
export interface SyncSeenTable {
  job_id: string;
  item_id: string;
}

/** The whole database as kysely sees it. */
export interface Database {
  teams: TeamsTable;
  api_keys: ApiKeysTable;
  webhook_secrets: WebhookSecretsTable;
  items: ItemsTable;
  edges: EdgesTable;
  activities: ActivitiesTable;
  identities: IdentitiesTable;
  checkpoints: CheckpointsTable;
  change_outbox: ChangeOutboxTable;
  source_links: SourceLinksTable;
  source_stats: SourceStatsTable;
  pending_references: PendingReferencesView;
  people: PeopleView;
  gateway_audit: GatewayAuditTable;
  gateway_sessions: GatewaySessionsTable;
  oauth_store: OAuthStoreTable;
  oauth_sign_in_links: OAuthSignInLinksTable;
  assistant_settings: AssistantSettingsTable;
  notify_rules: NotifyRulesTable;
  notify_deliveries: NotifyDeliveriesTable;
  notify_progress: NotifyProgressTable;
  sync_connections: SyncConnectionsTable;
  sync_jobs: SyncJobsTable;
  sync_scopes: SyncScopesTable;
  sync_seen: SyncSeenTable;
}
