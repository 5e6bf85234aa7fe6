import { type ActivityObserved, type EdgeType, type EventOrigin, type ItemSnapshot, type PipeEvent, createEvent } from '@pipe/events';
import type { AssistantDelivery } from './assistant-delivery.js';
import { containerSnapshot } from '../../kit/container.js';
import { type ProjectContext, projectSighting } from './project-context.js';

/**
 * Collects a delivery's events in order. Activity ids are `assistant:<deliveryId>:<n>`, numbered
 * in the order they are added, so a redelivery (same delivery id) yields the same ids.
 */
export class EventBuilder {
  readonly events: PipeEvent[] = [];
  private activities = 0;
  private readonly origin: EventOrigin;

  constructor(private readonly delivery: AssistantDelivery) {
    this.origin = {
      team: delivery.team,
      source: { platform: 'assistant', deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt },
      // Hook inputs carry no time: the delivery's arrival is when it happened, give or take the hook's latency.
      occurredAt: delivery.receivedAt,
    };
  }

  /** The delivery's time as a snapshot version (epoch ms). */
  get version(): number {
    return Date.parse(this.delivery.receivedAt);
  }

  /** Records the person who ran the assistant, when the hook command named them. */
  identity(context: ProjectContext): this {
    if (context.actor) {
      const email = context.actor.externalId.includes('@') ? context.actor.externalId : null;
      this.events.push(
        createEvent(this.origin, { type: 'identity.observed', data: { identity: context.actor, name: null, email, url: null } }),
      );
    }
    return this;
  }

  item(item: ItemSnapshot): this {
    this.events.push(createEvent(this.origin, { type: 'item.observed', data: { item } }));
    return this;
  }

  /** Observes what holds the session's items (see `projectSighting`), thinly, so their PART_OF lands on an item. */
  container(context: ProjectContext): this {
    return this.item(containerSnapshot(projectSighting(context)));
  }

  link(from: string, to: string, edge: EdgeType): this {
    this.events.push(createEvent(this.origin, { type: 'link.observed', data: { from, to, edge, removed: false } }));
    return this;
  }

  activity(data: Omit<ActivityObserved['data'], 'activityId'>): this {
    const activityId = `assistant:${this.delivery.deliveryId}:${this.activities++}`;
    this.events.push(createEvent(this.origin, { type: 'activity.observed', data: { activityId, ...data } }));
    return this;
  }

  result(): { outcome: 'events'; events: PipeEvent[] } {
    return { outcome: 'events', events: this.events };
  }
}
