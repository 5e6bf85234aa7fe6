import type { ActivityDraft, DeliveryFacts, ItemChange, ObservedIdentity } from '../../kit/facts.js';

export type { ActivityDraft, ItemChange, ObservedIdentity };

/**
 * The facts one GitHub delivery states, before they are wrapped in event envelopes. Each event
 * normaliser produces these as plain data; one function turns them into ordered events.
 *
 * An activity's `itemId` is the object of the verb: commenting and reviewing act on the issue or
 * pull request (the comment or review is the product, reachable by its parent id), while
 * editing, deleting or dismissing a comment or review acts on the comment or review.
 */
export interface GithubFacts extends DeliveryFacts {
  outcome: 'facts';
}
