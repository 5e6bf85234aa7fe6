import { describe, expect, it } from 'vitest';
import { IngestError } from './ingest-error.js';
import { assertFreshTimestamp } from './timestamp.js';

describe('assertFreshTimestamp', () => {
  const now = 1_700_000_000_000;
  it('accepts a timestamp within the tolerance, either side', () => {
    expect(() => assertFreshTimestamp(now - 299_000, now, 300_000, 'X-Ts')).not.toThrow();
    expect(() => assertFreshTimestamp(now + 299_000, now, 300_000, 'X-Ts')).not.toThrow();
  });
  it('refuses one too old, too far ahead, or not a number, with 401 TIMESTAMP_STALE', () => {
    for (const ts of [now - 301_000, now + 301_000, Number.NaN]) {
      try {
        assertFreshTimestamp(ts, now, 300_000, 'X-Ts');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(IngestError);
        expect(error).toMatchObject({ code: 'TIMESTAMP_STALE', statusCode: 401, message: expect.stringContaining('X-Ts') });
      }
    }
  });
});
