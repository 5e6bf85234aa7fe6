import { activitiesTable, rowKey } from '@pipe/db';
import { type ActivityRow, activitiesInsert } from '../write/insert-activities.js';
import { firstRecord, offer } from '../merge-rules.js';
import type { ProjectionUnit } from './projection-unit.js';

const keyOf = rowKey(activitiesTable);

/** Activities planned, by their table's key: the first record of each. */
export type ActivitiesState = Map<string, ActivityRow>;

/** The timeline: who did what to which item, when. An activity redelivered is kept once (the first). */
export const activities: ProjectionUnit<'activities', ActivitiesState, ActivityRow[]> = {
  name: 'activities',
  handles: ['activity.observed'],
  start: () => new Map(),
  plan(state, event) {
    if (event.type !== 'activity.observed') return;
    const { activityId, itemId, verb, actor, summary } = event.data;
    const row: ActivityRow = {
      team: event.team,
      id: activityId,
      item_id: itemId,
      verb,
      actor_handle: actor?.handle ?? null,
      actor_external_id: actor?.externalId ?? null,
      actor_platform: actor?.platform ?? null,
      summary,
      occurred_at: event.occurredAt,
      event_id: event.id,
    };
    offer(state, keyOf(row), row, firstRecord);
  },
  merge(into, later) {
    for (const [key, row] of later) offer(into, key, row, firstRecord);
  },
  rows: (state) => [...state.values()],
  async write(_tx, state, batch) {
    const statement = activitiesInsert([...state.values()]);
    if (statement) batch.together.push(statement);
  },
};
