export { createIngestHarness, type IngestHarness, type IngestHarnessOptions } from './ingest-harness.js';
