import type { ColumnType, Generated } from 'kysely';

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

/** The latest known snapshot of every item. */
export interface ItemsTable {
  team: string;
  id: string;
  /** How other items refer to this one (see `itemRef` in @pipe/platforms). */
  ref: string;
  platform: string;
  kind: string;
  title: string;
  body: string;
  url: string | null;
  state: string | null;
  container: string | null;
  parent_id: string | null;
  author_handle: string | null;
  author_external_id: string | null;
  created_at: Timestamp | null;
  updated_at: Timestamp | null;
  /** The source version of this snapshot; only a newer one replaces it. */
  version: ColumnType<number, number, number>;
  /** The event that wrote this snapshot (ties of `version` break on it). */
  event_id: string;
  event_seq: ColumnType<number, number, number>;
  removed_at: Timestamp | null;
  /** The title's and the body's weighted vectors, kept by a trigger only when their text changes. */
  search_title: Generated<string | null>;
  search_body: Generated<string | null>;
  /** Generated from the two vectors; empty once the item is removed. */
  search: Generated<string>;
}

/** Typed relations between items, each with where it came from. */
export interface EdgesTable {
  team: string;
  from_id: string;
  /** The target's reference (an item's `ref`), which may name an item not seen yet. */
  to_ref: string;
  type: string;
  /** `text` for relations derived from an item's text, `source` for ones the platform states. */
  origin: string;
  /** The rule that produced it (`fixes-number`, `hash-number`, …) or the source's link type. */
  rule: string;
  /** The text that produced it, for provenance. */
  snippet: string | null;
  event_id: string;
}

/** The timeline: who did what to which item, when. */
export interface ActivitiesTable {
  team: string;
  id: string;
  item_id: string;
  verb: string;
  actor_handle: string | null;
  actor_external_id: string | null;
  actor_platform: string | null;
  summary: string;
  occurred_at: Timestamp;
  event_id: string;
}

/** People as each platform knows them. */
export interface IdentitiesTable {
  team: string;
  platform: string;
  external_id: string;
  handle: string | null;
  name: string | null;
  email: string | null;
  url: string | null;
  event_id: string;
  /** How edges name this identity (`identity:github:octocat`). */
  ref: string;
  /** The person this identity belongs to. */
  person_id: string;
  /** False once split off by hand: a shared email no longer merges it. */
  auto_merge: Generated<boolean>;
}

/** The links platforms state, removals included, so a late older event cannot undo a newer one. */
export interface SourceLinksTable {
  team: string;
  from_id: string;
  to_ref: string;
  type: string;
  removed: boolean;
  event_id: string;
}

/** Per team and platform: how fresh the read model is. */
export interface SourceStatsTable {
  team: string;
  platform: string;
  last_event_seq: ColumnType<number, number, number>;
  last_received_at: Timestamp;
  last_occurred_at: Timestamp;
  last_applied_at: Timestamp;
  events: ColumnType<number, number, number>;
}

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

/** How far each projection has applied the log: its last stream sequence per partition. */
export interface CheckpointsTable {
  projection: string;
  partition: string;
  last_seq: ColumnType<number, number, number>;
  updated_at: DefaultedTimestamp;
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
  source_links: SourceLinksTable;
  source_stats: SourceStatsTable;
  pending_references: PendingReferencesView;
  people: PeopleView;
  gateway_audit: GatewayAuditTable;
  gateway_sessions: GatewaySessionsTable;
  assistant_settings: AssistantSettingsTable;
}
