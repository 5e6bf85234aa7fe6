export { normalizeLinearDelivery } from './normalize-linear-delivery.js';
export type { LinearDelivery } from './linear-delivery.js';
export { linearIssueId } from './issue.js';
export { linearCommentId } from '../ids.js';
export { linearProjectId } from '../ids.js';
export { linearRelationEdge } from './issue-relation.js';
