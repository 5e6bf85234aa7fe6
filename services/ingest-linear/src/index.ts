export { linearPlatform } from './linear-platform.js';
export { verifyLinearSignature } from './verify-signature.js';
export { normalizeLinearDelivery, linearIssueId, linearCommentId, linearProjectId, linearRelationEdge, type LinearDelivery } from './normalize/index.js';
