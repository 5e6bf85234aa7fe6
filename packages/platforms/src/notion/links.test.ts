import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Notion links', () => {
  it('names Notion pages by pattern', () => {
    expect(lookupForUrl('https://www.notion.so/acme/Runbook-0123456789abcdef0123456789abcdef')?.idPatterns).toEqual([
      'notion:%:01234567-89ab-cdef-0123-456789abcdef',
      'notion:%:0123456789abcdef0123456789abcdef',
    ]);
  });
});
