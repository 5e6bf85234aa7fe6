import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('GitHub links', () => {
  it('names GitHub issues, pull requests, comments, reviews, commits and repositories', () => {
    expect(lookupForUrl('https://github.com/octo/demo/issues/7')).toEqual({ ids: ['github:issue:octo/demo#7'], refs: ['github:octo/demo#7'], idPatterns: [] });
    expect(lookupForUrl('https://github.com/octo/demo/pull/8/files')).toMatchObject({ ids: ['github:pull_request:octo/demo#8'], refs: ['github:octo/demo#8'] });
    expect(lookupForUrl('https://github.com/octo/demo/issues/7#issuecomment-123')?.ids).toEqual(['github:comment:octo/demo#7/123']);
    expect(lookupForUrl('https://github.com/octo/demo/pull/8#pullrequestreview-987')?.ids).toEqual(['github:review:octo/demo#8/987']);
    expect(lookupForUrl('https://github.com/octo/demo/commit/ABCDEF1')?.idPatterns).toEqual(['github:commit:octo/demo@abcdef1%']);
    expect(lookupForUrl(`https://github.com/octo/demo/commit/${'a'.repeat(40)}`)?.ids).toEqual([`github:commit:octo/demo@${'a'.repeat(40)}`]);
    expect(lookupForUrl('https://github.com/octo/demo')?.ids).toEqual(['github:repository:octo/demo']);
  });
});
