import type { PipeEvent } from './envelope.js';

/**
 * The subject an event is published on: `<root>.events.<team>.<platform>.<type>` (root `pipe`, or
 * `<namespace>.pipe` for an isolated stack), with the dot in the type replaced
 * (`item.observed` → `item_observed`) so that each part stays one token.
 */
export function eventSubject(event: PipeEvent, subjectRoot = 'pipe'): string {
  return `${subjectRoot}.events.${event.team}.${event.source.platform}.${event.type.replace('.', '_')}`;
}
