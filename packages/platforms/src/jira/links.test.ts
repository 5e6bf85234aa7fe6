import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';
import { linkFinds, normalizedSnapshots, snapshotOfKind } from '../testing/normalized-snapshots.js';
import { jiraFixture } from './testing/jira-fixtures.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Jira links', () => {
  it('names Jira issues by their key', () => {
    expect(lookupForUrl('https://acme.atlassian.net/browse/ACME-12')).toEqual({
      ids: ['jira:issue:ACME-12'],
      refs: ['key:ACME-12'],
      idPatterns: [],
    });
    expect(lookupForUrl('https://acme.atlassian.net/jira/software/projects/ACME/boards/1?selectedIssue=ACME-3')?.refs).toEqual([
      'key:ACME-3',
    ]);
  });

  it('names a comment by every form Jira links one, as the id its normaliser builds, never the issue (issue 15, defect 3)', () => {
    const comment = snapshotOfKind(normalizedSnapshots('jira', jiraFixture('comment-created')), 'comment');
    expect(comment).toMatchObject({
      id: 'jira:comment:JRA-20002/252789',
      parentId: 'jira:issue:JRA-20002',
      url: 'https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252789',
    });
    const issue = { id: 'jira:issue:JRA-20002', parentId: null };
    const forms = [
      comment.url as string,
      'https://jira.atlassian.com/browse/JRA-20002#comment-252789',
      'https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252789&page=com.atlassian.jira.plugin.system.issuetabpanels:comment-tabpanel#comment-252789',
      'https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252789&page=com.atlassian.jira.plugin.system.issuetabpanels%3Acomment-tabpanel#comment-252789',
      'https://acme.atlassian.net/browse/jra-20002?focusedCommentId=252789',
      'https://acme.atlassian.net/jira/software/projects/JRA/boards/1?selectedIssue=JRA-20002&focusedCommentId=252789',
      // The comment's REST `self` names the issue by its number; the REST URL by key names it too.
      jiraFixture('comment-created').comment.self,
      'https://acme.atlassian.net/rest/api/3/issue/JRA-20002/comment/252789',
    ];
    for (const url of forms) {
      const link = parseItemUrl(url);
      expect(linkFinds(link, comment), url).toBe(true);
      expect(linkFinds(link, issue), url).toBe(false);
    }
    expect(parseItemUrl(comment.url as string)).toEqual({
      ref: comment.id,
      ids: [comment.id],
      refs: [],
      idPatterns: [],
      within: { ids: ['jira:issue:JRA-20002'], refs: ['key:JRA-20002'] },
    });
    // Another comment on the same issue is not this one.
    expect(linkFinds(parseItemUrl('https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252790'), comment)).toBe(false);
  });
});
