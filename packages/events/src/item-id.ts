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
const TRACKER_KEY = /^(?:jira|linear):issue:([A-Z][A-Z0-9_]*-\d+)$/;
const SLACK_MESSAGE = /^slack:message:[^/]+\/([^/]+\/\d+\.\d+)$/;
const CONTAINER = /^([a-z]+):(?:repository|channel|project|space|database):(.+)$/;

/**
 * The key other items use to refer to this one, when text can name it without knowing exactly
 * what it is:
 * - GitHub issues and pull requests share one number space per repository, so `#7` resolves
 *   through `github:owner/repo#7` to whichever of the two exists;
 * - Jira keys and Linear identifiers look alike (`ACME-12`, `ENG-42`), so both resolve through
 *   `key:ACME-12`;
 * - a Slack message `slack:message:T1/C2/<ts>` is `slack:C2/<ts>`, as its permalink names it;
 * - a container item (repository, channel, project, space, database) is `container:<platform>:<key>`.
 * Every other item's reference is its id.
 */
export function itemRef(id: string): string {
  const numbered = GITHUB_NUMBERED.exec(id);
  if (numbered) return `github:${numbered[1]}`;
  const tracker = TRACKER_KEY.exec(id);
  if (tracker) return `key:${tracker[1]}`;
  const slack = SLACK_MESSAGE.exec(id);
  if (slack) return `slack:${slack[1]}`;
  const container = CONTAINER.exec(id);
  if (container) return containerRef(container[1] as string, container[2] as string);
  return id;
}

/**
 * How items name the repository, channel, project, space or database that holds them: an item's
 * `container` is that container item's natural key (`octo/demo` for `github:repository:octo/demo`,
 * `T1/C2` for `slack:channel:T1/C2`), so both meet at `container:<platform>:<key>`.
 */
export const containerRef = (platform: string, container: string): string => `container:${platform}:${container}`;

/** A Slack message as its permalink names it (channel and ts; permalinks carry no workspace id). */
export const slackMessageRef = (channel: string, ts: string): string => `slack:${channel}/${ts}`;

/** The reference for a Jira key or Linear identifier named in text (`ACME-12`). */
export const trackerKeyRef = (key: string): string => `key:${key.toUpperCase()}`;

/**
 * How edges name a person's identity on a platform: by login on GitHub (what `@mentions` use,
 * case-insensitive), by the platform's user id elsewhere (what Slack's `<@U123>` and the
 * trackers' mention markup use).
 */
export function identityRef(platform: string, key: string): string {
  return `identity:${platform}:${platform === 'github' ? key.toLowerCase() : key}`;
}

/** The reference for `#number` in a GitHub repository (an issue or a pull request). */
export const githubNumberRef = (repo: string, number: number): string => `github:${repo}#${number}`;

/** The `pipe://items/...` resource URI of an item, as the gateway serves it. */
export const itemUri = (id: string): string => `pipe://items/${encodeURIComponent(id)}`;
