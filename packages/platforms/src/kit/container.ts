import type { ItemKind, ItemSnapshot } from '@pipe/events';
import type { DeliveryFacts, ItemChange } from './facts.js';

/**
 * The version of a container snapshot derived from a payload that only names the container (an
 * issue's `repository`, a Jira issue's `fields.project`): 1, below any version a source gives.
 * Items merge by (version, removal, event id) — `newestSnapshot` in `@pipe/projection` — so a
 * derived snapshot creates the container item when none exists, replaces only another derived one,
 * and always loses to a snapshot from the container's own event (a GitHub `repository` delivery,
 * Slack's `channel_created`, Notion's `database.created`) and to a removal, in either order and in
 * replay alike. Chosen over a partial snapshot with field-wise merging: it needs no new merge rule,
 * so the projector's SQL, the planner and the replay fold keep one rule. The cost: once a richer
 * snapshot exists, a later derived one (say, a new repository description) does not update it.
 */
export const DERIVED_CONTAINER_VERSION = 1;

/**
 * The version of a sighting that knows the container by its key alone (a Slack message names its
 * channel's id, a Linear comment its team's key through the identifier): 0, so a sighting
 * that names it (a Linear issue's `team.name`) replaces it and it never replaces that one.
 */
export const KEY_ONLY_CONTAINER_VERSION = 0;

/** What a payload says about the container of what it carries. */
export interface ContainerSighting {
  id: string;
  platform: ItemSnapshot['platform'];
  kind: ItemKind;
  /** The container's name, or — when the payload names it by key alone ({@link keyOnly}) — a title made from the key. */
  title: string;
  body?: string | null;
  url?: string | null;
  /** True when the payload gives only the container's key, so {@link title} is Pipe's, not the source's. */
  keyOnly?: boolean;
}

/** The thin snapshot of a container, at {@link DERIVED_CONTAINER_VERSION} (or {@link KEY_ONLY_CONTAINER_VERSION}). */
export function containerSnapshot(sighting: ContainerSighting): ItemSnapshot {
  return {
    id: sighting.id,
    platform: sighting.platform,
    kind: sighting.kind,
    title: sighting.title,
    ...(sighting.keyOnly ? { titleComposed: true } : {}),
    body: sighting.body ?? '',
    url: sighting.url ?? null,
    state: null,
    container: null,
    parentId: null,
    author: null,
    createdAt: null,
    updatedAt: null,
    version: sighting.keyOnly ? KEY_ONLY_CONTAINER_VERSION : DERIVED_CONTAINER_VERSION,
  };
}

/** A thin `item.observed` of a container (see {@link containerSnapshot}). */
export function observedContainer(sighting: ContainerSighting): ItemChange {
  return { type: 'item.observed', data: { item: containerSnapshot(sighting) } };
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
