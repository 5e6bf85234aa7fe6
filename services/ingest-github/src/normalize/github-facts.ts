import type { ActivityObserved, IdentityObserved, ItemObserved, ItemRemoved } from '@pipe/events';

/** A person seen in a delivery, as `identity.observed` carries it. */
export type ObservedIdentity = IdentityObserved['data'];

/** What a delivery says about an item: its current state, or that it is gone. */
export type ItemChange =
  | { type: 'item.observed'; data: ItemObserved['data'] }
  | { type: 'item.removed'; data: ItemRemoved['data'] };

/**
 * Something somebody did. `itemId` is the object of the verb: commenting and reviewing act on
 * the issue or pull request (the comment or review is the product, reachable by its parent id),
 * while editing, deleting or dismissing a comment or review acts on the comment or review.
 * The activity id is assigned later, from the delivery and the activity's position in it.
 */
export type ActivityDraft = Omit<ActivityObserved['data'], 'activityId'>;

/**
 * The facts one delivery states, before they are wrapped in event envelopes. Each event
 * normaliser produces these as plain data; one function turns them into ordered events.
 */
export interface GithubFacts {
  outcome: 'facts';
  /** The most relevant source time of the delivery (ISO 8601). */
  occurredAt: string;
  /** May repeat a person; they are de-duplicated when the events are made. */
  identities: ObservedIdentity[];
  items: ItemChange[];
  activities: ActivityDraft[];
}
