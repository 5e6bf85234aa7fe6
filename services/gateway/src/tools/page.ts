import { z } from 'zod';
import { type CursorKeyPart, encodeCursor } from './cursor.js';
import { nullable } from './tool-schema.js';

/**
 * How many characters of structured content one tool response may carry. A model's context is the
 * scarce resource: a list is cut at this size (and says so, with a cursor for the rest) rather
 * than flooding it. The compact text form is smaller than the JSON, so it fits too.
 */
export const RESPONSE_BUDGET_CHARS = 12_000;

/** Why a list stopped early: the requested `limit`, or the response size budget. */
export const Cut = nullable(z.enum(['limit', 'budget'])).describe(
  'null when the list is complete; limit or budget when more rows exist (pass nextCursor to get them)',
);
/** Why a list stopped early. */
export type Cut = z.infer<typeof Cut>;

/** The paging fields every list result carries. */
export const PageFields = {
  nextCursor: nullable(z.string()).describe(
    'pass it as cursor (with the same other arguments) for the next page; null when there is no more',
  ),
  cut: Cut,
};

/** A row of a list with its sort key (the keyset the cursor continues from). */
export interface Keyed<T> {
  value: T;
  key: readonly CursorKeyPart[];
}

/** One page: the rows kept, the cursor to the rest and why it was cut. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  cut: Cut;
}

/**
 * Turns `limit + 1` fetched rows into a page: at most `limit` rows, fewer when their JSON would
 * exceed `budgetChars` (the first row is always kept, so paging always advances), and a cursor
 * after the last row kept whenever anything was left out.
 */
export function paginate<T>(rows: readonly Keyed<T>[], limit: number, scope: string, budgetChars = RESPONSE_BUDGET_CHARS): Page<T> {
  const candidates = rows.slice(0, limit);
  let used = 0;
  let kept = 0;
  for (const row of candidates) {
    const size = JSON.stringify(row.value).length + 1;
    if (kept > 0 && used + size > budgetChars) break;
    used += size;
    kept += 1;
  }
  const cut: Cut = kept < candidates.length ? 'budget' : rows.length > limit ? 'limit' : null;
  const last = rows[kept - 1];
  return {
    items: rows.slice(0, kept).map((row) => row.value),
    nextCursor: cut === null || last === undefined ? null : encodeCursor(scope, last.key),
    cut,
  };
}

/** The line a text rendering ends with: complete, or how to get the rest. */
export function moreLine(tool: string, page: { nextCursor: string | null; cut: Cut }): string {
  if (page.nextCursor === null) return 'That is all.';
  const why = page.cut === 'budget' ? 'cut to keep this response small' : 'more results exist';
  return `(${why}) next page: call ${tool} again with the same arguments and cursor "${page.nextCursor}".`;
}
