import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Discord links', () => {
  it('names Discord messages by pattern', () => {
    expect(lookupForUrl('https://discord.com/channels/1/2/3')?.idPatterns[0]).toBe('discord:%:1/2/3');
  });
});
