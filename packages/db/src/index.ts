export type {
  Database,
  TeamsTable,
  ApiKeysTable,
  WebhookSecretsTable,
  ItemsTable,
  EdgesTable,
  ActivitiesTable,
  IdentitiesTable,
  CheckpointsTable,
  ChangeOutboxTable,
  SourceLinksTable,
  SourceStatsTable,
  PendingReferencesView,
  PeopleView,
  GatewayAuditTable,
  GatewaySessionsTable,
  NotifyRulesTable,
  NotifyDeliveriesTable,
  NotifyProgressTable,
  OAuthStoreTable,
  OAuthSignInLinksTable,
  SyncConnectionsTable,
  SyncJobsTable,
  SyncScopesTable,
  SyncSeenTable,
} from './schema.js';
export {
  itemsTable,
  edgesTable,
  activitiesTable,
  identitiesTable,
  sourceLinksTable,
  sourceStatsTable,
  checkpointsTable,
  readModelTables,
  type ReadModelTableName,
} from './tables/read-model-tables.js';
export {
  column,
  defineTable,
  type Column,
  type ColumnOptions,
  type Fill,
  type KyselyTable,
  type PgType,
  type RowOf,
  type TableDefinition,
} from './tables/table-definition.js';
export { columnNames, insertUnnested, rowKey, unnestArrays } from './tables/unnest.js';
export { createDb, ensureDatabaseExists, type DbOptions } from './connect.js';
export { fixedStatement, param, preparedStatement } from './prepared-statements.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export { SecretBox, parseSecretKey, SecretKeyError, SecretOpenError } from './secret-box.js';
export {
  createApiKey,
  findApiKey,
  revokeApiKey,
  listApiKeys,
  generateApiKey,
  hashApiKey,
  type ApiKeySummary,
  type ActiveApiKey,
} from './api-keys.js';
export { ACCESS_SCOPES, DEFAULT_ACCESS_SCOPE, grantedScopes, isAccessScope, type AccessScope } from './access-scopes.js';
export { setWebhookSecret, getWebhookSecret, generateWebhookSecret } from './webhook-secrets.js';
export { createTeam, teamExists, TeamExistsError, type CreatedTeam } from './teams.js';
export { databaseReachable } from './health.js';
export { isDatabaseUnavailable } from './unavailable.js';
export { getAssistantSettings, setAssistantPrompts, type AssistantSettings } from './assistant-settings.js';
export {
  createSignInLink,
  redeemSignInLink,
  findSignInLink,
  SIGN_IN_LINK_TTL_MS,
  type CreatedSignInLink,
  type RedeemedSignInLink,
} from './sign-in-links.js';
export { listOAuthGrants, revokeOAuthGrant, oauthAccountId, parseOAuthAccountId, type OAuthGrantSummary } from './oauth-grants.js';
export { withAdvisoryLock } from './advisory-lock.js';
export {
  saveSyncConnection,
  listSyncConnections,
  getSyncConnection,
  removeSyncConnection,
  markConnectionNeedsCredential,
  recordConnectionSync,
  dueSyncConnections,
  scheduleConnection,
  type SyncConnection,
  type SyncConnectionSummary,
} from './sync-connections.js';
export {
  createSyncJob,
  getSyncJob,
  childSyncJobs,
  EVERY_SCOPE,
  startSyncJob,
  saveSyncProgress,
  settleSyncJob,
  listSyncJobs,
  visibleSyncJobs,
  FAILED_JOB_SHOWN_MS,
  scopeHighWater,
  syncedScopes,
  advanceScopeHighWater,
  type SyncJob,
  type SyncJobRequest,
  type SyncJobState,
} from './sync-jobs.js';
export { type ListedScope, recordSeenItems, unseenItems, clearSeenItems } from './sync-seen.js';
export { syncJobStart, SYNC_OVERLAP_MS, type SyncStartRequest } from './sync-start.js';
