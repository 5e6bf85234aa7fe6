// The ingest runtime: what every platform's ingest service shares. A service is essentially its
// platform module's `ingest` (from `@pipe/platforms`) handed to `runIngestService` in main.ts and
// to `buildIngestApp` in tests (or to `createIngestHarness` from `@pipe/ingest-kit/testing`).
// A new export here is public API.

// The platform contract (`IngestPlatform`, `IngestError`, the header, payload and facts helpers)
// lives with the platforms, in `@pipe/platforms`.

// The app, its dependencies, and the whole service.
export { buildIngestApp, type IngestAppDeps, type TeamCredential } from './build-ingest-app.js';
export { busPublisher, type IngestPublisher, type BusPublisherOptions } from './publisher.js';
export { storeDelivery, type StoredDelivery } from './store-delivery.js';
export { cacheByTeam, type TeamCacheOptions } from './secret-cache.js';
export { dbCredentials } from './team-credentials.js';
export { dbLookups, dbIngestIo, type DbLookupsOptions } from './db-lookups.js';
export { ingestConfigShape, type IngestConfig } from './ingest-config.js';
export { runIngestService, type IngestServiceOptions, type IngestResources, type RunningIngestService } from './run-ingest-service.js';

// PIPE_RAW: the verified raw deliveries, for re-running normalisers.
export { readRawDelivery, rawRecordHeaders, RAW_HEADERS, RawRecordError, type RawDelivery, type RawHeaderSource } from './raw-delivery.js';
