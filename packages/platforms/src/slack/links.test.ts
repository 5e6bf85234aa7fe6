import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Slack links', () => {
  it('names Slack messages by pattern', () => {
    expect(lookupForUrl('https://acme.slack.com/archives/C2/p1700000000000100')?.idPatterns).toContain('slack:message:%/C2/1700000000.000100');
  });
});
