export { createIngestHarness, type IngestHarness, type IngestHarnessOptions } from './ingest-harness.js';
export { startIngestProcess, type IngestProcess } from './ingest-process.js';
