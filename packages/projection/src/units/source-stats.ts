import type { PipeEvent } from '@pipe/events';
import { type SourceStatsRow, sourceStatsUpsert } from '../write/source-stats.js';
import { addCounts } from '../merge-rules.js';
import type { ProjectionUnit } from './projection-unit.js';

/** Counts planned, by team and platform. */
export type SourceStatsState = Map<string, SourceStatsRow>;

/** Every event type (a new one fails to compile until listed): each one counts towards its platform's freshness. */
const EVERY_EVENT = Object.keys({
  'item.observed': true,
  'item.removed': true,
  'link.observed': true,
  'activity.observed': true,
  'identity.observed': true,
  'person.linked': true,
  'person.unlinked': true,
  'delivery.skipped': true,
} satisfies Record<PipeEvent['type'], true>) as PipeEvent['type'][];

/** Per team and platform: how many events were applied, the last of them, and when they arrived. */
export const sourceStats: ProjectionUnit<'stats', SourceStatsState, SourceStatsRow[]> = {
  name: 'stats',
  handles: EVERY_EVENT,
  start: () => new Map(),
  plan(state, event, seq) {
    // Counted in place: every event passes here, and most add to a row the batch holds already.
    const key = `${event.team}\u0000${event.source.platform}`;
    const held = state.get(key);
    if (held) addCounts(held, seq, event.source.receivedAt, event.occurredAt, 1);
    else
      state.set(key, {
        team: event.team,
        platform: event.source.platform,
        last_event_seq: seq,
        last_received_at: event.source.receivedAt,
        last_occurred_at: event.occurredAt,
        events: 1,
      });
  },
  merge(into, later) {
    for (const [key, row] of later) {
      const held = into.get(key);
      if (held) addCounts(held, row.last_event_seq, row.last_received_at, row.last_occurred_at, row.events);
      else into.set(key, row);
    }
  },
  rows: (state) => [...state.values()],
  async write(_tx, state, batch) {
    const statement = sourceStatsUpsert([...state.values()]);
    if (statement) batch.together.push(statement);
  },
};
