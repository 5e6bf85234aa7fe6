import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';
import { githubExample } from './testing/github-examples.js';
import { linkFinds, normalizedSnapshots, snapshotOfKind } from '../testing/normalized-snapshots.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

/** The snapshot of `kind` the GitHub normaliser makes of the first example of `event` (and `action`). */
function exampleSnapshot(event: Parameters<typeof githubExample>[0], action: string, kind: string) {
  return snapshotOfKind(normalizedSnapshots('github', githubExample(event, action), { 'x-github-event': event }), kind);
}

describe('GitHub links', () => {
  it('names GitHub issues, pull requests, comments, reviews, commits and repositories', () => {
    expect(lookupForUrl('https://github.com/octo/demo/issues/7')).toEqual({
      ids: ['github:issue:octo/demo#7'],
      refs: ['github:octo/demo#7'],
      idPatterns: [],
    });
    expect(lookupForUrl('https://github.com/octo/demo/pull/8/files')).toMatchObject({
      ids: ['github:pull_request:octo/demo#8'],
      refs: ['github:octo/demo#8'],
    });
    expect(lookupForUrl('https://github.com/octo/demo/issues/7#issuecomment-123')?.ids).toEqual(['github:comment:octo/demo#7/123']);
    expect(lookupForUrl('https://github.com/octo/demo/pull/8#pullrequestreview-987')?.ids).toEqual(['github:review:octo/demo#8/987']);
    expect(lookupForUrl('https://github.com/octo/demo/commit/ABCDEF1')?.idPatterns).toEqual(['github:commit:octo/demo@abcdef1%']);
    expect(lookupForUrl(`https://github.com/octo/demo/commit/${'a'.repeat(40)}`)?.ids).toEqual([
      `github:commit:octo/demo@${'a'.repeat(40)}`,
    ]);
    expect(lookupForUrl('https://github.com/octo/demo')?.ids).toEqual(['github:repository:octo/demo']);
  });

  describe('a comment, review or review comment opens itself, never the issue or pull request it is on (issue 15, defect 3)', () => {
    it('reads every page URL GitHub gives one (html_url, and the diff view’s links) as the id its normaliser builds', () => {
      const comment = exampleSnapshot('issue_comment', 'created', 'comment');
      const review = exampleSnapshot('pull_request_review', 'submitted', 'review');
      const reviewComment = exampleSnapshot('pull_request_review_comment', 'created', 'comment');
      const commitComment = exampleSnapshot('commit_comment', 'created', 'comment');
      expect(comment.url).toBe('https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400');
      expect(review.url).toBe('https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-237895671');
      expect(reviewComment.url).toBe('https://github.com/Codertocat/Hello-World/pull/2#discussion_r284312630');
      expect(commitComment.url).toBe(
        'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246#commitcomment-33548674',
      );
      for (const item of [comment, review, reviewComment, commitComment]) {
        expect(parseItemUrl(item.url as string), item.url as string).toMatchObject({
          ref: item.id,
          ids: [item.id],
          refs: [],
          idPatterns: [],
        });
      }
      const forms: [string, string][] = [
        ['https://github.com/Codertocat/Hello-World/pull/2/files#r284312630', reviewComment.id],
        ['https://github.com/Codertocat/Hello-World/pull/2/files#discussion_r284312630', reviewComment.id],
        ['https://github.com/Codertocat/Hello-World/pull/2/files/6113728f27ae82c7b1a177c8d03f9e96e0adf246#r284312630', reviewComment.id],
        ['https://github.com/Codertocat/Hello-World/pull/2/files#pullrequestreview-237895671', review.id],
        ['https://github.com/Codertocat/Hello-World/commit/6113728#commitcomment-33548674', commitComment.id],
        [
          'https://github.com/Codertocat/Hello-World/pull/2/commits/6113728f27ae82c7b1a177c8d03f9e96e0adf246#commitcomment-33548674',
          commitComment.id,
        ],
      ];
      const items = [comment, review, reviewComment, commitComment];
      for (const [url, id] of forms) {
        const link = parseItemUrl(url);
        expect(
          items.filter((item) => linkFinds(link, item)).map((item) => item.id),
          url,
        ).toEqual([id]);
      }
    });

    it('reads a comment on a pull request’s conversation and a reply in a diff thread as theirs', () => {
      const onPullRequest = githubExample('issue_comment', 'created');
      (onPullRequest.issue as { pull_request?: unknown }).pull_request = {
        url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
      };
      onPullRequest.comment.html_url = 'https://github.com/Codertocat/Hello-World/pull/1#issuecomment-492700400';
      const comment = snapshotOfKind(normalizedSnapshots('github', onPullRequest, { 'x-github-event': 'issue_comment' }), 'comment');
      expect(parseItemUrl(comment.url as string)?.ids).toEqual([comment.id]);

      const reply = githubExample('pull_request_review_comment', 'created');
      Object.assign(reply.comment, {
        id: 284312999,
        in_reply_to_id: 284312630,
        html_url: 'https://github.com/Codertocat/Hello-World/pull/2#discussion_r284312999',
      });
      const answer = snapshotOfKind(normalizedSnapshots('github', reply, { 'x-github-event': 'pull_request_review_comment' }), 'comment');
      expect(answer.parentId).toBe('github:comment:Codertocat/Hello-World#2/r284312630');
      expect(parseItemUrl(answer.url as string)?.ids).toEqual([answer.id]);
    });

    it('names the item it is on only as where it is, not as what it names', () => {
      const link = parseItemUrl('https://github.com/octo/demo/pull/8#discussion_r55');
      expect(link).toEqual({
        ref: 'github:comment:octo/demo#8/r55',
        ids: ['github:comment:octo/demo#8/r55'],
        refs: [],
        idPatterns: [],
        within: { ids: ['github:pull_request:octo/demo#8'], refs: ['github:octo/demo#8'] },
      });
    });

    it('reads the REST API’s URLs (`url` in payloads) as the same items', () => {
      const comment = exampleSnapshot('issue_comment', 'created', 'comment');
      const reviewComment = exampleSnapshot('pull_request_review_comment', 'created', 'comment');
      const commitComment = exampleSnapshot('commit_comment', 'created', 'comment');
      const review = exampleSnapshot('pull_request_review', 'submitted', 'review');
      const items = [comment, reviewComment, commitComment, review];
      const forms: [string, string][] = [
        [githubExample('issue_comment', 'created').comment.url, comment.id],
        [githubExample('pull_request_review_comment', 'created').comment.url, reviewComment.id],
        [githubExample('commit_comment', 'created').comment.url, commitComment.id],
        ['https://api.github.com/repos/Codertocat/Hello-World/pulls/2/reviews/237895671', review.id],
      ];
      for (const [url, id] of forms) {
        expect(
          items.filter((item) => linkFinds(parseItemUrl(url), item)).map((item) => item.id),
          url,
        ).toEqual([id]);
      }
      expect(lookupForUrl('https://api.github.com/repos/octo/demo/issues/7')?.ids).toEqual(['github:issue:octo/demo#7']);
      expect(lookupForUrl('https://api.github.com/repos/octo/demo/pulls/8')?.ids).toEqual(['github:pull_request:octo/demo#8']);
    });
  });
});
