// The ingest contract and its helpers, as the platforms' own code imports them.
export {
  skipDelivery,
  type IngestPlatform,
  type IngestDelivery,
  type IncomingHeaders,
  type VerifyContext,
  type HandshakeContext,
  type HandshakeReply,
  type NormalizeResult,
  type SkippedDelivery,
} from './ingest-platform.js';
export { deliveryMsgIdBase, deliveryContent, deliveryKey, rawMsgId, eventMsgId } from './message-ids.js';
export type { IngestIo, IngestLookups, IngestLogger, IssueKeyDirectory } from './ingest-io.js';
export { IngestError, INGEST_ERRORS, type IngestErrorCode, type IngestErrorBody } from './ingest-error.js';
export { headerValue, requireHeader, pickHeaders } from './headers.js';
export { assertFreshTimestamp } from './timestamp.js';
export { parsePayload, payloadProblems } from './parse-payload.js';
export { storableEvents, KEY_MAX_BYTES } from './storable.js';
export {
  factsToEvents,
  dedupeIdentities,
  type DeliveryFacts,
  type ObservedIdentity,
  type ItemChange,
  type ActivityDraft,
} from './facts.js';
export {
  DERIVED_CONTAINER_VERSION,
  KEY_ONLY_CONTAINER_VERSION,
  containerSnapshot,
  observedContainer,
  withContainer,
  type ContainerSighting,
} from './container.js';
