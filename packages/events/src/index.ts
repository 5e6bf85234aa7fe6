export { Platform, TeamSlug } from './platform.js';
export { ItemKind, EdgeType } from './item-kind.js';
export {
  SCHEMA_VERSION,
  EventSource,
  IdentityRef,
  ItemSnapshot,
  ItemObserved,
  ItemRemoved,
  LinkObserved,
  ActivityObserved,
  IdentityObserved,
  DeliverySkipped,
  PersonLinked,
  PersonUnlinked,
  PipeEvent,
  type PipeEventType,
} from './envelope.js';
export { createEvent, type EventOrigin } from './create-event.js';
export { newEventId, eventIdTime } from './event-id.js';
export { itemId, itemUri, containerRef } from './item-id.js';
export { encodeEvent, encodeCheckedEvent, decodeEvent, EventDecodeError } from './codec.js';
export { eventSubject, teamPartition, subjectPartition, DEFAULT_PARTITIONS } from './subjects.js';
export { ItemChange, ChangeNotice } from './change-notice.js';
