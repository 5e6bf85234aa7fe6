import type { PipeEvent } from '@pipe/events';
import { expect } from 'vitest';
import type { ProjectionUnit } from '../units/projection-unit.js';

/** Rows as a specification states them: any part of each row (compared with `toMatchObject`). */
export type Expected<T> = T extends readonly (infer Row)[] ? Expected<Row>[] : T extends object ? { [K in keyof T]?: Expected<T[K]> } : T;

/** The rows a unit ends in after `events` (stream sequences from 1), planned in batches of the given sizes and merged. */
function rowsAfter<State, Rows>(
  unit: ProjectionUnit<string, State, Rows>,
  events: readonly PipeEvent[],
  batchSizes: readonly number[],
): Rows {
  const folded = unit.start();
  let next = 0;
  for (const size of batchSizes) {
    const batch = unit.start();
    for (const event of events.slice(next, next + size)) {
      next += 1;
      if (unit.handles.includes(event.type)) unit.plan(batch, event, next);
    }
    unit.merge(folded, batch);
  }
  return unit.rows(folded);
}

/**
 * Given/When/Then specifications of a projection unit, in memory (Emmett style):
 *
 *     const given = specify(items);
 *     given(itemObserved(v1)).when(itemObserved(v2)).then([{ id, version: 2 }]);
 *
 * *Given* these events, *when* this one, *then* the unit's rows are these (each row compared by the
 * fields given, `toMatchObject`). The events are planned as one batch — what the projector does —
 * and again as the given events and the new one in two batches merged, and one batch per event
 * merged — what a rebuild's fold does: all three must end in the same rows.
 */
export function specify<State, Rows>(unit: ProjectionUnit<string, State, Rows>) {
  return (...given: PipeEvent[]) => ({
    when: (...events: PipeEvent[]) => ({
      then(expected: Expected<Rows>): void {
        const log = [...given, ...events];
        const asOneBatch = rowsAfter(unit, log, [log.length]);
        expect(asOneBatch).toMatchObject(expected as object);
        expect(rowsAfter(unit, log, [given.length, events.length]), `${unit.name}: the given events and the new ones merged`).toEqual(
          asOneBatch,
        );
        expect(
          rowsAfter(
            unit,
            log,
            log.map(() => 1),
          ),
          `${unit.name}: one batch per event, merged`,
        ).toEqual(asOneBatch);
      },
    }),
  });
}
