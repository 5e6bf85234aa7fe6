import { z } from 'zod';
import { type CursorKeyPart, encodeCursor } from './cursor.js';
import { nullable } from './tool-schema.js';

/**
 * How many characters one tool response may carry, its structured content and its text form
 * together, as they go over the wire. A model's context is the scarce resource: a list is cut to
 * fit (and says so, with a cursor for the rest) rather than flooding it.
 */
export const RESPONSE_BUDGET_CHARS = 12_000;

/** A tool's response: its structured content and the compact text form for clients without it. */
export interface ToolResponse<S extends object> {
  structured: S;
  text: string;
}

/** The size of a tool result as it goes over the wire: structured content and text form, as the result carries them. */
export function responseSize(response: ToolResponse<object>): number {
  return JSON.stringify({ structuredContent: response.structured, content: [{ type: 'text', text: response.text }] }).length;
}

/**
 * The response with the most rows that fits `budgetChars` whole: `respond(n)` builds it with the
 * first `n` of `available` rows, and the largest `n` whose response fits wins — at least one row
 * when there is one, so paging always advances. Most pages fit whole, so all the rows are tried
 * first: one build and one measure. Otherwise, a response growing with its rows, a binary search
 * finds `n` in a few builds.
 */
export function fitResponse<S extends object>(
  available: number,
  respond: (rows: number) => ToolResponse<S>,
  budgetChars = RESPONSE_BUDGET_CHARS,
): ToolResponse<S> {
  if (available <= 0) return respond(0);
  const whole = respond(available);
  if (responseSize(whole) <= budgetChars) return whole;
  let low = 1;
  let high = available - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (responseSize(respond(mid)) <= budgetChars) low = mid;
    else high = mid - 1;
  }
  return respond(low);
}

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
 * The page of the first `kept` of `limit + 1` fetched rows, with a cursor after the last row kept
 * whenever anything was left out: cut by the budget when fewer than `limit` rows (and fewer than
 * there are) were kept, by the limit when there were more than `limit`.
 */
export function pageOf<T>(rows: readonly Keyed<T>[], limit: number, scope: string, kept: number): Page<T> {
  const available = Math.min(rows.length, limit);
  const cut: Cut = kept < available ? 'budget' : rows.length > limit ? 'limit' : null;
  const last = rows[kept - 1];
  return {
    items: rows.slice(0, kept).map((row) => row.value),
    nextCursor: cut === null || last === undefined ? null : encodeCursor(scope, last.key),
    cut,
  };
}

/**
 * Turns `limit + 1` fetched rows into the tool's response (`respond` builds it from a page): as
 * many of the first `limit` rows as fit the response budget whole — structured content and text
 * (see {@link fitResponse}) —, with a cursor to the rest.
 */
export function paginate<T, S extends object>(
  rows: readonly Keyed<T>[],
  limit: number,
  scope: string,
  respond: (page: Page<T>) => ToolResponse<S>,
  budgetChars = RESPONSE_BUDGET_CHARS,
): ToolResponse<S> {
  return fitResponse(Math.min(rows.length, limit), (kept) => respond(pageOf(rows, limit, scope, kept)), budgetChars);
}

/** The line a text rendering ends with: complete, or how to get the rest. */
export function moreLine(tool: string, page: { nextCursor: string | null; cut: Cut }): string {
  if (page.nextCursor === null) return 'That is all.';
  const why = page.cut === 'budget' ? 'cut to keep this response small' : 'more results exist';
  return `(${why}) next page: call ${tool} again with the same arguments and cursor "${page.nextCursor}".`;
}
