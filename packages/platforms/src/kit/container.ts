import type { ItemKind, ItemSnapshot } from '@pipe/events';
import type { DeliveryFacts, ItemChange } from './facts.js';

/**
 * The version of a container snapshot derived from a payload that only names the container (an
 * issue's `repository`, a message's channel): 0, the lowest a version can be. Items merge by
 * (version, removal, event id) — `newestSnapshot` in `@pipe/projection` — so a derived snapshot
 * creates the container item when none exists, replaces only another derived one, and always
 * loses to a snapshot from the container's own event (a GitHub `repository` delivery, Slack's
 * `channel_created`) and to a removal, in either order and in replay alike. Chosen over a partial
 * snapshot with field-wise merging: it needs no new merge rule, so the projector's SQL, the
 * planner and the replay fold keep one rule. The cost: once a richer snapshot exists, a later
 * derived one (say, a new repository description) does not update it.
 */
export const DERIVED_CONTAINER_VERSION = 0;

/** What a payload says about the container of what it carries. */
export interface ContainerSighting {
  id: string;
  platform: ItemSnapshot['platform'];
  kind: ItemKind;
  title: string;
  body?: string | null;
  url?: string | null;
}

/** A thin `item.observed` of a container, at {@link DERIVED_CONTAINER_VERSION}. */
export function observedContainer(sighting: ContainerSighting): ItemChange {
  return {
    type: 'item.observed',
    data: {
      item: {
        id: sighting.id,
        platform: sighting.platform,
        kind: sighting.kind,
        title: sighting.title,
        body: sighting.body ?? '',
        url: sighting.url ?? null,
        state: null,
        container: null,
        parentId: null,
        author: null,
        createdAt: null,
        updatedAt: null,
        version: DERIVED_CONTAINER_VERSION,
      },
    },
  };
}

/**
 * `facts` with the container observed after its own items, unless the facts already say
 * something about that item (the container's own event, or its removal).
 */
export function withContainer<Facts extends DeliveryFacts>(facts: Facts, sighting: ContainerSighting | null): Facts {
  if (!sighting || facts.items.some((change) => itemIdOf(change) === sighting.id)) return facts;
  return { ...facts, items: [...facts.items, observedContainer(sighting)] };
}

const itemIdOf = (change: ItemChange): string => (change.type === 'item.observed' ? change.data.item.id : change.data.itemId);
