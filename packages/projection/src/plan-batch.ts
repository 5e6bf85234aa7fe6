import type { Delivery } from '@pipe/bus';
import type { PipeEvent } from '@pipe/events';
import { activities } from './units/activities.js';
import { items } from './units/items.js';
import { people } from './units/people.js';
import type { ProjectionUnit } from './units/projection-unit.js';
import { sourceLinks } from './units/source-links.js';
import { sourceStats } from './units/source-stats.js';

/**
 * The projections, in the order their writes run: items first (their winners' derived edges
 * replace the old ones), then the links platforms state, then the rest (see `BatchWrite`).
 */
export const PROJECTIONS = [items, sourceLinks, activities, people, sourceStats] as const;

type Projection = (typeof PROJECTIONS)[number];
type StateOf<U> = U extends ProjectionUnit<string, infer State, unknown> ? State : never;

/** Everything one batch writes, per projection, collapsed so each key appears once. */
export type BatchPlan = { readonly [U in Projection as U['name']]: StateOf<U> };

/** The units reading each event type, in {@link PROJECTIONS} order. */
const UNITS_BY_TYPE = new Map<PipeEvent['type'], Projection[]>();
for (const unit of PROJECTIONS) {
  for (const type of unit.handles) UNITS_BY_TYPE.set(type, [...(UNITS_BY_TYPE.get(type) ?? []), unit]);
}

/** A plan with nothing in it. */
export function emptyPlan(): BatchPlan {
  return Object.fromEntries(PROJECTIONS.map((unit) => [unit.name, unit.start()])) as unknown as BatchPlan;
}

/**
 * Turns a batch of events (in stream order) into rows: each event goes to the projections that
 * read it. Several events of one key collapse by their projection's merge rule (the newest
 * snapshot of an item, the latest statement of a link, the first record of an activity…), so the
 * batch writes each row once and its result does not depend on how events were batched.
 */
export function planBatch(batch: readonly Delivery<PipeEvent>[]): BatchPlan {
  const plan = emptyPlan();
  for (const { value: event, seq } of batch) {
    for (const unit of UNITS_BY_TYPE.get(event.type) ?? []) (unit as ProjectionUnit).plan(plan[unit.name], event, seq);
  }
  return plan;
}
