import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';
import { linkFinds, normalizedSnapshots, snapshotOfKind } from '../testing/normalized-snapshots.js';
import { notionFixture } from './testing/notion-fixtures.js';

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

  it('opens the page a block’s, a discussion’s or a peek link is on: Notion’s comment events name no discussion, and carry no link of their own', () => {
    const page = snapshotOfKind(normalizedSnapshots('notion', notionFixture('page.created')), 'page');
    const comment = snapshotOfKind(normalizedSnapshots('notion', notionFixture('comment.created')), 'comment');
    expect(comment.url).toBeNull();
    const hex = page.id.slice('notion:page:'.length).replaceAll('-', '');
    for (const url of [
      page.url as string,
      `https://www.notion.so/acme/Retry-policy-${hex}`,
      `https://www.notion.so/acme/Retry-policy-${hex}#0123456789abcdef0123456789abcdef`,
      `https://www.notion.so/acme/Retry-policy-${hex}?d=fedcba9876543210fedcba9876543210&pvs=4`,
      `https://www.notion.so/acme?p=${hex}&pm=s`,
    ]) {
      expect(linkFinds(parseItemUrl(url), page), url).toBe(true);
      expect(linkFinds(parseItemUrl(url), comment), url).toBe(false);
    }
  });
});
