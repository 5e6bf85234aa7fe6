import { itemId } from '@pipe/events';
import { likeEscape } from '../item-links.js';

/** `github:issue:owner/repo#7` */
export const githubIssueId = (repo: string, number: number): string => itemId('github', 'issue', `${repo}#${number}`);

/** `github:pull_request:owner/repo#8` */
export const githubPullRequestId = (repo: string, number: number): string => itemId('github', 'pull_request', `${repo}#${number}`);

/** `github:comment:owner/repo#7/123456` — an issue or PR conversation comment. */
export const githubCommentId = (repo: string, number: number, commentId: number | string): string =>
  itemId('github', 'comment', `${repo}#${number}/${commentId}`);

/** `github:review:owner/repo#8/987` */
export const githubReviewId = (repo: string, number: number, reviewId: number | string): string =>
  itemId('github', 'review', `${repo}#${number}/${reviewId}`);

/** `github:commit:owner/repo@<sha>` */
export const githubCommitId = (repo: string, sha: string): string => itemId('github', 'commit', `${repo}@${sha}`);

/** `github:repository:owner/repo` */
export const githubRepositoryId = (repo: string): string => itemId('github', 'repository', repo);

/**
 * The reference for `#number` in a GitHub repository. Issues and pull requests share one number
 * space per repository, so text naming `#7` resolves through it to whichever of the two exists.
 */
export const githubNumberRef = (repo: string, number: number): string => `github:${repo}#${number}`;

const NUMBERED = /^github:(?:issue|pull_request):(.+#\d+)$/;

/** How other items refer to a GitHub item: issues and pull requests by number, the rest (null) by id. */
export function githubItemRef(id: string): string | null {
  const numbered = NUMBERED.exec(id);
  return numbered ? `github:${numbered[1]}` : null;
}

/** `github:branch:owner/repo@main`, `github:tag:owner/repo@v1.0`. */
export const githubRefId = (kind: 'branch' | 'tag', repo: string, ref: string): string => itemId('github', kind, `${repo}@${ref}`);

/** `github:release:owner/repo@v1.2.0`: a release, by its tag (what people name it by). */
export const githubReleaseId = (repo: string, tag: string): string => itemId('github', 'release', `${repo}@${tag}`);

/**
 * `github:comment:owner/repo#8/r123`: review comments live in their own id space, apart from the
 * conversation's issue comments (`…#8/456`); the `r` is GitHub's own `#discussion_r123` anchor.
 */
export const githubReviewCommentId = (repo: string, number: number, commentId: number): string =>
  itemId('github', 'comment', `${repo}#${number}/r${commentId}`);

/** `github:comment:owner/repo@<sha>/123`: a comment on a commit (GitHub's `#commitcomment-123`). */
export const githubCommitCommentId = (repo: string, sha: string, commentId: number): string =>
  itemId('github', 'comment', `${repo}@${sha}/${commentId}`);

// LIKE patterns over the ids above, for links that leave part of an id out (the REST API's
// `/issues/comments/123` names no issue; a commit link may abbreviate its sha).

/** Comment `commentId` on any issue or pull request of `repo` (`github:comment:owner/repo#%/123`). */
export const githubCommentIdPattern = (repo: string, commentId: string): string =>
  `${likeEscape(itemId('github', 'comment', repo))}#%/${commentId}`;

/** Review comment `commentId` on any pull request of `repo` (`github:comment:owner/repo#%/r123`). */
export const githubReviewCommentIdPattern = (repo: string, commentId: string): string =>
  `${likeEscape(itemId('github', 'comment', repo))}#%/r${commentId}`;

/** Comment `commentId` on a commit of `repo` whose sha starts with `shaPrefix` (empty: any commit). */
export const githubCommitCommentIdPattern = (repo: string, shaPrefix: string, commentId: string): string =>
  `${likeEscape(itemId('github', 'comment', `${repo}@${shaPrefix}`))}%/${commentId}`;

/** Commits of `repo` whose sha starts with `shaPrefix`. */
export const githubCommitIdPattern = (repo: string, shaPrefix: string): string => `${likeEscape(githubCommitId(repo, shaPrefix))}%`;
