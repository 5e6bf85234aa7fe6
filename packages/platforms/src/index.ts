// The public API of @pipe/platforms: a new export here is public API.
export type { ModulePlatform, PlatformModule, WebhookCredential } from './platform-module.js';
export { PLATFORMS, isModulePlatform, platformModule } from './registry.js';

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

// Errors answered as `{ error: { code, message } }` with the code's status.
export { IngestError, INGEST_ERRORS, type IngestErrorCode, type IngestErrorBody } from './kit/ingest-error.js';

// Helpers for verifiers and normalisers.
export { headerValue, requireHeader, pickHeaders } from './kit/headers.js';
export { assertFreshTimestamp } from './kit/timestamp.js';
export { parsePayload, payloadProblems } from './kit/parse-payload.js';
export {
  factsToEvents,
  dedupeIdentities,
  type DeliveryFacts,
  type ObservedIdentity,
  type ItemChange,
  type ActivityDraft,
} from './kit/facts.js';
