export { runProjector, type ProjectorDeps, type ProjectorLogger } from './projector.js';
export { applyBatch, type AppliedBatch } from './apply-batch.js';
export { readCheckpoint, type CheckpointKey, CheckpointConflictError } from './checkpoint.js';
export { deriveEdges } from './rules/derive-edges.js';
export type { DerivedEdge } from './rules/derived-edge.js';
export { planBatch, type BatchPlan } from './plan-batch.js';
export { loadProjectorConfig, type ProjectorConfig } from './config.js';
