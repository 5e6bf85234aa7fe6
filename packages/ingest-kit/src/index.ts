// The ingest kit: what every platform's ingest service shares. A service is essentially an
// `IngestPlatform` (its verifier and its normaliser) handed to `runIngestService` in main.ts and
// to `buildIngestApp` in tests (or to `createIngestHarness` from `@pipe/ingest-kit/testing`).
// A new export here is public API.

// The platform contract and its helpers live in `@pipe/platforms`; re-exported here for the
// services not moved there yet.
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
  IngestError,
  INGEST_ERRORS,
  type IngestErrorCode,
  type IngestErrorBody,
  headerValue,
  requireHeader,
  pickHeaders,
  assertFreshTimestamp,
  parsePayload,
  payloadProblems,
  factsToEvents,
  dedupeIdentities,
  type DeliveryFacts,
  type ObservedIdentity,
  type ItemChange,
  type ActivityDraft,
} from '@pipe/platforms';

// The app, its dependencies, and the whole service.
export { buildIngestApp, type IngestAppDeps, type TeamCredential } from './build-ingest-app.js';
export { busPublisher, type IngestPublisher, type BusPublisherOptions } from './publisher.js';
export { storeDelivery, eventMsgId, type StoredDelivery } from './store-delivery.js';
export { cacheByTeam } from './secret-cache.js';
export { dbCredentials } from './team-credentials.js';
export { dbLookups, dbIngestIo, type DbLookupsOptions } from './db-lookups.js';
export { ingestConfigShape, type IngestConfig } from './ingest-config.js';
export { runIngestService, type IngestServiceOptions, type IngestResources, type RunningIngestService } from './run-ingest-service.js';
export { registerIngestInstance, type IngestInstanceOptions } from './register-ingest-instance.js';

// PIPE_RAW: the verified raw deliveries, for re-running normalisers.
export { readRawDelivery, rawRecordHeaders, rawMsgId, RAW_HEADERS, RawRecordError, type RawDelivery, type RawHeaderSource } from './raw-delivery.js';
