export { replay, ReplayInterruptedError, type ReplayOptions, type ReplayReport, type ReplayProgress, type ReplayMode } from './replay.js';
export { readModelChecksums, readModelDifferences, type TableChecksum, type RowDifference } from './checksums.js';
export { listReplaySchemas, dropReplaySchema, READ_MODEL_TABLES, READ_MODEL_VIEWS, LIVE_SCHEMA } from './read-model-schema.js';
export { rebuildInto, PROJECTOR_PROJECTION } from './rebuild-into.js';
export { readLog, type LogRange, type LogBatch } from './read-events.js';
export { renormalize, type Normalizer, type RenormalizeReport } from './renormalize.js';
export { platformNormalizers } from './platform-normalizers.js';
