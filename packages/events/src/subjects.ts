import type { PipeEvent } from './envelope.js';

/**
 * The subject an event is published on: `pipe.events.<team>.<platform>.<type>`, with the dot in
 * the type replaced (`item.observed` → `item_observed`) so that each part stays one token.
 */
export function eventSubject(event: PipeEvent, namespace = ''): string {
  return `${namespace ? `${namespace}.` : ''}pipe.events.${event.team}.${event.source.platform}.${event.type.replace('.', '_')}`;
}
