// The public API of @pipe/platforms: a new export here is public API.
export type { ModulePlatform, PlatformModule, WebhookCredential } from './platform-module.js';
export { PLATFORMS, isModulePlatform, platformModule } from './registry.js';
export { github } from './github/index.js';
export { slack } from './slack/index.js';
export { jira } from './jira/index.js';
export { linear } from './linear/index.js';
export { notion } from './notion/index.js';
export { notionIngest, NOTION_API_TOKEN, type NotionIngest, type NotionIngestOptions } from './notion/webhook.js';
export { discord } from './discord/index.js';
export { discordIngest, type DiscordIngestOptions } from './discord/webhook.js';
export { assistant } from './assistant/index.js';

// The ingest contract a module's `ingest` implements, run by `@pipe/ingest-kit` and replay.
export {
  skipDelivery,
  type IngestPlatform,
  type IngestDelivery,
  type IncomingHeaders,
  type VerifyContext,
  type HandshakeContext,
  type HandshakeReply,
  type NormalizeResult,
  type SkippedDelivery,
} from './kit/ingest-platform.js';
export type { IngestIo, IngestLookups, IngestLogger, IssueKeyDirectory } from './kit/ingest-io.js';
// The `Nats-Msg-Id`s a delivery's messages are stored under (per team, per content).
export { deliveryMsgIdBase, deliveryContent, deliveryKey, rawMsgId, eventMsgId } from './kit/message-ids.js';

// Errors answered as `{ error: { code, message } }` with the code's status.
export { IngestError, INGEST_ERRORS, type IngestErrorCode, type IngestErrorBody } from './kit/ingest-error.js';

// Helpers for verifiers and normalisers.
export { headerValue, requireHeader, pickHeaders } from './kit/headers.js';
export { assertFreshTimestamp } from './kit/timestamp.js';
export {
  DERIVED_CONTAINER_VERSION,
  KEY_ONLY_CONTAINER_VERSION,
  observedContainer,
  withContainer,
  type ContainerSighting,
} from './kit/container.js';
export { parsePayload, payloadProblems } from './kit/parse-payload.js';
// What ingest acknowledges must be storable (NUL, lone surrogates, overlong keys, impossible dates).
export { storableEvents, KEY_MAX_BYTES } from './kit/storable.js';
export {
  factsToEvents,
  dedupeIdentities,
  type DeliveryFacts,
  type ObservedIdentity,
  type ItemChange,
  type ActivityDraft,
} from './kit/facts.js';

// Links, ids and references: what each platform's items are called and how text names them.
export { findPlatformModule } from './registry.js';
export type { ChildPattern, ItemLink, ItemNames, LinkInText, PlatformLinks } from './item-links.js';
export { PLATFORM_LINKS, TEXT_KEY_RULES, parseItemUrl } from './item-urls.js';
export { identityRef, identityRefOf, itemRef } from './item-refs.js';
export {
  type DerivedEdge,
  type MentionRule,
  type OwnReferencesRule,
  type TextItem,
  type TextKeysRule,
  snippetAround,
  sourceText,
} from './text-edges.js';
export { GENERATED_SECRET_PLATFORMS, STORED_SECRET_PLATFORMS } from './webhook-credentials.js';
export { REDACTED_HEADER_PATHS } from './redaction.js';

// The Claude Code hooks `pipe hooks install claude-code` writes.
export {
  CLAUDE_CODE_HOOK_EVENTS,
  CLAUDE_CODE_HOOK_TIMEOUT_SECONDS,
  claudeCodeHookCommand,
  isPipeHookCommand,
  type ClaudeCodeHookEvent,
  type ClaudeCodeHookTarget,
} from './assistant/claude-code-hooks.js';

// The API side (issue 17): credentials `pipe connect` checks, and what `services/sync` backfills.
export {
  ApiCredentialError,
  SYNC_RESOURCE_HEADER,
  type ApiCredential,
  type ApiCredentialErrorCode,
  type BackfillContext,
  type BackfillPage,
  type BackfillPlan,
  type CompleteListing,
  type PlatformApi,
  type ScopeContainers,
  type SyncedRecord,
  type VerifiedAccount,
} from './kit/platform-api.js';
export { REMOVED_RESOURCE, removedRecord, normalizeRemovedRecord } from './kit/synced-removal.js';
// Connections Pipe holds to receive a platform's events live (Discord's Gateway), held by `services/sync`.
export type { LiveFeed, LiveFeedOptions, LiveConnection } from './kit/live-feed.js';
export { createGithubClient, GITHUB_API_URL, type GithubClientOptions } from './github/api/github-client.js';
export { githubBackfill, type GithubCursor } from './github/api/github-backfill.js';
