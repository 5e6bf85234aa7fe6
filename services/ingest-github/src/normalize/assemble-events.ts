import { createEvent, type EventOrigin, type PipeEvent } from '@pipe/events';
import type { GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';
import { dedupeIdentities } from './identity.js';

/**
 * Wraps a delivery's facts in event envelopes, in a fixed order: identities, then items, then
 * activities, each in the order the facts list them. The order is what makes activity ids
 * (`github:<deliveryId>:<n>`) the same every time GitHub redelivers the same delivery.
 */
export function assembleEvents(delivery: GithubDelivery, facts: GithubFacts): PipeEvent[] {
  const origin: EventOrigin = {
    team: delivery.team,
    source: { platform: 'github', deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt },
    occurredAt: facts.occurredAt,
  };
  return [
    ...dedupeIdentities(facts.identities).map((data) => createEvent(origin, { type: 'identity.observed', data })),
    ...facts.items.map((change) => createEvent(origin, change)),
    ...facts.activities.map((draft, n) =>
      createEvent(origin, { type: 'activity.observed', data: { activityId: `github:${delivery.deliveryId}:${n}`, ...draft } }),
    ),
  ];
}
