import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Keyset cursors. A cursor carries the sort key of the last row a page showed, so the next page
 * starts strictly after it: rows inserted or removed meanwhile never make a page skip or repeat a
 * row, which offsets would. It is bound to the list it continues (the tool and the arguments that
 * define the list, by a short hash), so it cannot be replayed against another query, and it is
 * opaque on the wire (base64url of JSON) so clients pass it back unchanged.
 */
const CursorPayload = z.object({
  v: z.literal(2),
  s: z.string(),
  k: z.array(z.union([z.string(), z.number(), z.null()])),
});

/** One value of a sort key. */
export type CursorKeyPart = string | number | null;

/** A cursor that this server did not issue, or that belongs to another list. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'INVALID_CURSOR';
}

/** The short hash that binds a cursor to the list it continues. */
export function cursorScope(tool: string, definingArgs: unknown): string {
  return createHash('sha256')
    .update(`${tool}\n${JSON.stringify(definingArgs)}`)
    .digest('base64url')
    .slice(0, 16);
}

/** The opaque cursor for the page after the row with this sort key. */
export function encodeCursor(scope: string, key: readonly CursorKeyPart[]): string {
  return Buffer.from(JSON.stringify({ v: 2, s: scope, k: key })).toString('base64url');
}

/**
 * The sort key a cursor stands for. Throws {@link InvalidCursorError} when it was not issued by
 * this server or belongs to another list (another tool, another query or other filters).
 */
export function decodeCursor(scope: string, cursor: string, tool: string): CursorKeyPart[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    payload = undefined;
  }
  const parsed = CursorPayload.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidCursorError(
      `cursor is not one this server issued; pass the nextCursor of a previous ${tool} call unchanged, or omit it`,
    );
  }
  if (parsed.data.s !== scope) {
    throw new InvalidCursorError(
      `cursor belongs to a different query; repeat the same ${tool} arguments with it, or omit it to start over`,
    );
  }
  return parsed.data.k;
}

/** A key part that must be a string (a cursor of the right scope always has one). */
export function keyString(key: CursorKeyPart[], index: number): string {
  const value = key[index];
  if (typeof value !== 'string') throw new InvalidCursorError('cursor is damaged; omit it to start over');
  return value;
}

/** A key part that must be a number. */
export function keyNumber(key: CursorKeyPart[], index: number): number {
  const value = key[index];
  if (typeof value !== 'number') throw new InvalidCursorError('cursor is damaged; omit it to start over');
  return value;
}
