import { PipeEvent, type PipeEventType } from '@pipe/events';
import type { GithubDelivery } from '../normalize/github-delivery.js';
import { normalizeGithubDelivery } from '../normalize/normalize-github-delivery.js';

/**
 * Normalises a delivery that must yield events, and validates every event against the canonical
 * schema, so each test also proves the events are publishable.
 */
export function normalizedEvents(delivery: GithubDelivery): PipeEvent[] {
  const result = normalizeGithubDelivery(delivery);
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event));
}

/** The events of one type, typed as that type. */
export function eventsOfType<Type extends PipeEventType>(events: readonly PipeEvent[], type: Type): Extract<PipeEvent, { type: Type }>[] {
  return events.filter((event): event is Extract<PipeEvent, { type: Type }> => event.type === type);
}
