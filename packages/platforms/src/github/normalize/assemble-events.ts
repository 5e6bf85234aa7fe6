import { factsToEvents } from '../../kit/facts.js';
import type { PipeEvent } from '@pipe/events';
import type { GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';

/**
 * Wraps a delivery's facts in event envelopes, in the kit's fixed order (identities, items,
 * links, activities), which keeps activity ids (`github:<deliveryId>:<n>`) the same every time
 * GitHub redelivers the same delivery.
 */
export function assembleEvents(delivery: GithubDelivery, facts: GithubFacts): PipeEvent[] {
  return factsToEvents(
    { team: delivery.team, platform: 'github', deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt },
    facts,
  );
}
