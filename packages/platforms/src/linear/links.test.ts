import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Linear links', () => {
  it('names Linear issues by their key', () => {
    expect(lookupForUrl('https://linear.app/acme/issue/ENG-42/fix-the-thing')).toEqual({ ids: ['linear:issue:ENG-42'], refs: ['key:ENG-42'], idPatterns: [] });
  });
});
