import { describe, expect, it } from 'vitest';
import { eventIdTime, newEventId } from './event-id.js';

describe('event ids', () => {
  it('are 26-character ULIDs that carry their creation time', () => {
    const id = newEventId(1_700_000_000_123);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(eventIdTime(id)).toBe(1_700_000_000_123);
  });

  it('sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newEventId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newEventId(1_800_000_000_001) > (ids.at(-1) as string)).toBe(true);
  });
});
