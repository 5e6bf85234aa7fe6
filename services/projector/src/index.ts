export { runProjector, type ProjectorDeps, type ProjectorLogger } from './projector.js';
export { applyBatch, type AppliedBatch } from './apply-batch.js';
export { readCheckpoint, type CheckpointKey, CheckpointConflictError } from './checkpoint.js';
export { deriveGithubReferences, type DerivedEdge } from './derive-references.js';
export { loadProjectorConfig, type ProjectorConfig } from './config.js';
