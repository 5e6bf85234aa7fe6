import { describe, expect, it } from 'vitest';
import { redactArguments } from './audit-log.js';

describe('redactArguments', () => {
  it('keeps ordinary arguments and replaces secrets by name or by shape, at any depth', () => {
    expect(
      redactArguments({
        query: 'arm64 crash',
        limit: 5,
        apiKey: 'anything',
        nested: {
          token: 'x',
          note: 'pipe_abcdefghijklmnopqrstuvwxyz012345',
          list: ['Bearer abc.def', 'ghp_abcdefghijklmnopqrstuvwxyz0123'],
        },
      }),
    ).toEqual({
      query: 'arm64 crash',
      limit: 5,
      apiKey: '[redacted]',
      nested: { token: '[redacted]', note: '[redacted]', list: ['[redacted]', '[redacted]'] },
    });
  });

  it('shortens long strings', () => {
    expect((redactArguments({ query: 'x'.repeat(2000) }) as { query: string }).query).toHaveLength(501);
  });
});
