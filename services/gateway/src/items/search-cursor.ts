import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A search cursor: the offset of the next page, bound to the query it continues (by a short hash,
 * so the cursor does not echo the query back). Offsets can skip or repeat a result when items
 * change between pages; a keyset cursor on (rank, updated_at, id) would not, and can replace this
 * without changing the opaque wire form.
 */
const CursorPayload = z.object({ v: z.literal(1), q: z.string(), o: z.number().int().min(0) });

/** A cursor that this server did not issue, or that belongs to another query. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'INVALID_CURSOR';
}

const queryKey = (query: string): string => createHash('sha256').update(query).digest('base64url').slice(0, 12);

/** The opaque cursor for the page of `query` that starts at `offset`. */
export function encodeSearchCursor(query: string, offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, q: queryKey(query), o: offset })).toString('base64url');
}

/** The offset a cursor stands for; throws {@link InvalidCursorError} when it is not one for `query`. */
export function decodeSearchCursor(query: string, cursor: string): number {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    payload = undefined;
  }
  const parsed = CursorPayload.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidCursorError('cursor is not one this server issued; pass the nextCursor of a previous search unchanged, or omit it');
  }
  if (parsed.data.q !== queryKey(query)) {
    throw new InvalidCursorError('cursor belongs to a different query; repeat the same query with it, or omit it to start over');
  }
  return parsed.data.o;
}
