export { buildApp, type IngestGithubDeps } from './app.js';
export { loadIngestGithubConfig, type IngestGithubConfig } from './config.js';
export { deliver, type PublishEvent, type DeliveryResult } from './deliver.js';
export { IngestError, INGEST_ERRORS, type IngestErrorCode } from './errors.js';
export { cacheSecrets } from './secret-cache.js';
export { normalizeGithubDelivery, GithubPayloadError, type GithubDelivery, type NormalizeResult } from './normalize/index.js';
