export { applyBatch, applyWithoutCheckpoint, type AppliedBatch, type BatchHooks } from './apply-batch.js';
export { partitionOf } from './partition-of.js';
export { planBatch, itemKey, type BatchPlan, type PeopleOperation } from './plan-batch.js';
export { lockCheckpoint, advanceCheckpoint, readCheckpoint, CheckpointConflictError, type CheckpointKey } from './checkpoint.js';
export { deriveEdges } from './rules/derive-edges.js';
export type { DerivedEdge } from './rules/derived-edge.js';
