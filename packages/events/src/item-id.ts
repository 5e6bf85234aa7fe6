import type { ItemKind } from './item-kind.js';
import type { Platform } from './platform.js';

/**
 * Item ids are deterministic and readable: `<platform>:<kind>:<natural key>`, e.g.
 * `github:issue:octo/demo#7`, `jira:issue:ACME-12`, `slack:message:T1/C2/1700000000.000100`.
 * The same source object always gets the same id, so a replay produces the same graph.
 */
export function itemId(platform: Platform, kind: ItemKind, naturalKey: string): string {
  return `${platform}:${kind}:${naturalKey}`;
}

/** `github:issue:owner/repo#7` */
export const githubIssueId = (repo: string, number: number): string => itemId('github', 'issue', `${repo}#${number}`);

/** `github:pull_request:owner/repo#8` */
export const githubPullRequestId = (repo: string, number: number): string =>
  itemId('github', 'pull_request', `${repo}#${number}`);

/** `github:comment:owner/repo#7/123456` — an issue or PR conversation comment. */
export const githubCommentId = (repo: string, number: number, commentId: number): string =>
  itemId('github', 'comment', `${repo}#${number}/${commentId}`);

/** `github:review:owner/repo#8/987` */
export const githubReviewId = (repo: string, number: number, reviewId: number): string =>
  itemId('github', 'review', `${repo}#${number}/${reviewId}`);

/** `github:commit:owner/repo@<sha>` */
export const githubCommitId = (repo: string, sha: string): string => itemId('github', 'commit', `${repo}@${sha}`);

/** `github:repository:owner/repo` */
export const githubRepositoryId = (repo: string): string => itemId('github', 'repository', repo);

const GITHUB_NUMBERED = /^github:(?:issue|pull_request):(.+#\d+)$/;

/**
 * The key other items use to refer to this one. GitHub issues and pull requests share one number
 * space per repository, so text like `#7` cannot tell which of the two it names: both resolve
 * through the reference `github:owner/repo#7`. Every other item's reference is its id.
 */
export function itemRef(id: string): string {
  const numbered = GITHUB_NUMBERED.exec(id);
  return numbered ? `github:${numbered[1]}` : id;
}

/** The reference for `#number` in a GitHub repository (an issue or a pull request). */
export const githubNumberRef = (repo: string, number: number): string => `github:${repo}#${number}`;

/** The `pipe://items/...` resource URI of an item, as the gateway serves it. */
export const itemUri = (id: string): string => `pipe://items/${encodeURIComponent(id)}`;
