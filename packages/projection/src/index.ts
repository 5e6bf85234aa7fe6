export { applyBatch, applyWithoutCheckpoint, type AppliedBatch, type BatchOptions } from './apply-batch.js';
export { partitionOf } from './partition-of.js';
export { planBatch, PROJECTIONS, type BatchPlan } from './plan-batch.js';
export type { ProjectionUnit, BatchWrite } from './units/projection-unit.js';
export { items, itemKey, type ItemsState } from './units/items.js';
export { sourceLinks, type SourceLinksState } from './units/source-links.js';
export { activities, type ActivitiesState } from './units/activities.js';
export { people, type PeopleOperation, type PeopleState } from './units/people.js';
export { sourceStats, type SourceStatsState } from './units/source-stats.js';
export {
  lockCheckpoint,
  checkpointMove,
  readCheckpoint,
  CheckpointConflictError,
  CheckpointRegressedError,
  type CheckpointKey,
} from './checkpoint.js';
export { recordNotices, pendingNotices, forgetNotices, type PendingNotice } from './change-outbox.js';
export { verifyStreamIdentity, recordStreamIdentity, StreamMismatchError, type StreamIdentity } from './stream-identity.js';
export { deriveEdges } from './rules/derive-edges.js';
export type { DerivedEdge } from '@pipe/platforms';
export { LogFold } from './log-fold.js';
export type { ItemRow } from './write/upsert-items.js';
export type { EdgeRow } from './write/edges.js';
export type { ActivityRow } from './write/insert-activities.js';
export type { SourceLinkRow } from './write/apply-source-links.js';
export type { SourceStatsRow } from './write/source-stats.js';
