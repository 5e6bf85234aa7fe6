import { type EventSource, type PipeEvent, SCHEMA_VERSION } from './envelope.js';
import { newEventId } from './event-id.js';

type EventBody<T extends PipeEvent> = T extends PipeEvent ? Pick<T, 'type' | 'data'> : never;

/** The facts every event of one delivery shares. */
export interface EventOrigin {
  team: string;
  source: EventSource;
  occurredAt: string;
}

/** Wraps a canonical event body in the envelope with a fresh id. */
export function createEvent<T extends PipeEvent>(origin: EventOrigin, body: EventBody<T>): PipeEvent {
  return {
    id: newEventId(),
    schemaVersion: SCHEMA_VERSION,
    team: origin.team,
    source: origin.source,
    occurredAt: origin.occurredAt,
    ...body,
  } as PipeEvent;
}
