import { describe, expect, it } from 'vitest';
import { lookupForUrl } from './platform-urls.js';

// Each platform's URL cases sit beside its parser: packages/platforms/src/<platform>/links.test.ts.
describe('lookupForUrl', () => {
  it('is null for text that is not a web URL, and empty for unknown hosts (the url column decides)', () => {
    expect(lookupForUrl('github:issue:octo/demo#7')).toBeNull();
    expect(lookupForUrl('ftp://github.com/x')).toBeNull();
    expect(lookupForUrl('https://example.com/a')).toEqual({ ids: [], refs: [], idPatterns: [] });
  });
});
