import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';
import { linkFinds, normalizedSnapshots, snapshotOfKind } from '../testing/normalized-snapshots.js';
import { linearFixture } from './testing/linear-fixtures.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

/** Linear's comment fixture as Linear sends one: its `url` ends with `#comment-` and the first eight hex digits of the comment's id. */
function commentOn(identifier: string, id: string, slug = 'retry-banner') {
  const payload = linearFixture('comment-create');
  payload.data.id = id;
  payload.url = `https://linear.app/acme/issue/${identifier}/${slug}#comment-${id.slice(0, 8)}`;
  return snapshotOfKind(normalizedSnapshots('linear', payload), 'comment');
}

describe('Linear links', () => {
  it('names Linear issues by their key', () => {
    expect(lookupForUrl('https://linear.app/acme/issue/ENG-42/fix-the-thing')).toEqual({
      ids: ['linear:issue:ENG-42'],
      refs: ['key:ENG-42'],
      idPatterns: [],
    });
  });

  it('names a comment by its link, among its issue’s comments by the digits the link keeps, never the issue (issue 15, defect 3)', () => {
    const comment = commentOn('ENG-44', '7ea08b2c-5d1e-4c43-9a7e-0b6f3c2d1e00');
    expect(comment).toMatchObject({ id: 'linear:comment:7ea08b2c-5d1e-4c43-9a7e-0b6f3c2d1e00', parentId: 'linear:issue:ENG-44' });
    const issue = { id: 'linear:issue:ENG-44', parentId: null };
    // The same first digits on another issue, and other digits on the same issue, are other comments.
    const elsewhere = { id: 'linear:comment:7ea08b2c-0000-4000-8000-000000000001', parentId: 'linear:issue:ENG-45' };
    const sibling = { id: 'linear:comment:7ea08b2d-5d1e-4c43-9a7e-0b6f3c2d1e00', parentId: 'linear:issue:ENG-44' };
    for (const url of [
      comment.url as string,
      'https://linear.app/acme/issue/ENG-44#comment-7ea08b2c',
      'https://linear.app/acme/issue/eng-44/another-title#comment-7EA08B2C',
      'https://linear.app/acme/issue/ENG-44/retry-banner#comment-7ea08b2c-5d1e-4c43-9a7e-0b6f3c2d1e00',
    ]) {
      const link = parseItemUrl(url);
      expect(linkFinds(link, comment), url).toBe(true);
      for (const other of [issue, elsewhere, sibling]) expect(linkFinds(link, other), `${url} ${other.id}`).toBe(false);
      expect(link?.within, url).toEqual({ ids: ['linear:issue:ENG-44'], refs: ['key:ENG-44'] });
    }
  });

  it('reads the comment link of Linear’s documented example as a comment, not its issue', () => {
    const payload = linearFixture('comment-create');
    const comment = snapshotOfKind(normalizedSnapshots('linear', payload), 'comment');
    expect(comment.url).toBe(payload.url);
    // Its fragment is no prefix of its id: only the stored `url` finds it, and the issue is never named.
    expect(linkFinds(parseItemUrl(comment.url as string), { id: 'linear:issue:LIN-1778', parentId: null })).toBe(false);
  });
});
