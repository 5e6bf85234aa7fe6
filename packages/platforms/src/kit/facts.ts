import type { ActivityObserved, IdentityObserved, ItemObserved, ItemRemoved, LinkObserved, PipeEvent } from '@pipe/events';
import { createEvent, type EventOrigin } from '@pipe/events';
import type { IngestDelivery } from './ingest-platform.js';

/** A person seen in a delivery, as `identity.observed` carries it. */
export type ObservedIdentity = IdentityObserved['data'];

/** What a delivery says about an item: its current state, or that it is gone. */
export type ItemChange = { type: 'item.observed'; data: ItemObserved['data'] } | { type: 'item.removed'; data: ItemRemoved['data'] };

/** Something somebody did; its `activityId` is assigned from the delivery and its position. */
export type ActivityDraft = Omit<ActivityObserved['data'], 'activityId'>;

/**
 * The facts one delivery states, as plain data, before they become events. A normaliser
 * produces these; {@link factsToEvents} turns them into ordered events.
 */
export interface DeliveryFacts {
  /** The most relevant source time of the delivery (ISO 8601). */
  occurredAt: string;
  /** May repeat a person; de-duplicated when the events are made. */
  identities: ObservedIdentity[];
  items: ItemChange[];
  /** Relations the source states (`link.observed`). */
  links?: LinkObserved['data'][];
  activities: ActivityDraft[];
}

/**
 * Wraps a delivery's facts in event envelopes, in a fixed order: identities, items, links,
 * activities. The fixed order makes each activity's id (`<platform>:<deliveryId>:<n>`) and each
 * event's `Nats-Msg-Id` the same every time the platform redelivers.
 */
export function factsToEvents(
  delivery: Pick<IngestDelivery, 'team' | 'platform' | 'deliveryId' | 'receivedAt'>,
  facts: DeliveryFacts,
): PipeEvent[] {
  const origin: EventOrigin = {
    team: delivery.team,
    source: { platform: delivery.platform, deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt },
    occurredAt: facts.occurredAt,
  };
  return [
    ...dedupeIdentities(facts.identities).map((data) => createEvent(origin, { type: 'identity.observed', data })),
    ...facts.items.map((change) => createEvent(origin, change)),
    ...(facts.links ?? []).map((data) => createEvent(origin, { type: 'link.observed', data })),
    ...facts.activities.map((draft, n) =>
      createEvent(origin, {
        type: 'activity.observed',
        data: { activityId: `${delivery.platform}:${delivery.deliveryId}:${n}`, ...draft },
      }),
    ),
  ];
}

/**
 * One entry per person, in first-seen order. A person seen twice keeps the first non-null name,
 * email and URL, so a later, richer sighting is not lost.
 */
export function dedupeIdentities(identities: readonly ObservedIdentity[]): ObservedIdentity[] {
  const byKey = new Map<string, ObservedIdentity>();
  for (const seen of identities) {
    const key = `${seen.identity.platform}:${seen.identity.externalId}`;
    const earlier = byKey.get(key);
    byKey.set(
      key,
      earlier
        ? { identity: earlier.identity, name: earlier.name ?? seen.name, email: earlier.email ?? seen.email, url: earlier.url ?? seen.url }
        : seen,
    );
  }
  return [...byKey.values()];
}
