import { containerRef } from '@pipe/events';
import type { ItemLink, ItemNames, PlatformLinks } from '../item-links.js';
import {
  githubCommentId,
  githubCommentIdPattern,
  githubCommitCommentId,
  githubCommitCommentIdPattern,
  githubCommitId,
  githubCommitIdPattern,
  githubIssueId,
  githubNumberRef,
  githubPullRequestId,
  githubRepositoryId,
  githubReviewCommentId,
  githubReviewCommentIdPattern,
  githubReviewId,
} from './ids.js';

const exact = (id: string, within?: ItemNames): ItemLink => ({
  ref: id,
  ids: [id],
  refs: [],
  idPatterns: [],
  ...(within ? { within } : {}),
});
const byPattern = (idPattern: string, within?: ItemNames): ItemLink => ({
  ref: null,
  ids: [],
  refs: [],
  idPatterns: [idPattern],
  ...(within ? { within } : {}),
});
const FULL_SHA = /^[0-9a-f]{40}$/i;
const SHA = /^[0-9a-f]{7,40}$/i;

/**
 * What a github.com URL names: an issue or pull request (`/issues/7`, `/pull/8`, `/pull/8/files`),
 * what was said on one — a conversation comment (`#issuecomment-…`), a review
 * (`#pullrequestreview-…`), a review comment (`#discussion_r…`, and `/pull/8/files#r…` as the
 * diff view links it) —, a commit (`/commit/<sha>`, also `/pull/8/commits/<sha>`; an abbreviated
 * sha by prefix), a comment on a commit (`#commitcomment-…`) or a repository. The REST API's URLs
 * (`url` in payloads, on api.github.com) name the same items.
 */
function parseGithubUrl(url: URL): ItemLink | null {
  if (url.hostname.toLowerCase() === 'api.github.com') return parseGithubApiUrl(url);
  const [owner, repo, section, number, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!owner || !repo) return null;
  const full = `${owner}/${repo}`;
  const hash = url.hash;
  if ((section === 'issues' || section === 'pull') && number && /^\d+$/.test(number)) {
    const n = Number(number);
    const ref = githubNumberRef(full, n);
    const thread = { ref, ids: [section === 'pull' ? githubPullRequestId(full, n) : githubIssueId(full, n)], refs: [ref], idPatterns: [] };
    const said = saidOnThread(full, n, hash, { ids: thread.ids, refs: thread.refs });
    if (said) return said;
    if (section === 'pull' && rest[0] === 'commits' && rest[1]) return commit(full, rest[1], hash);
    return thread;
  }
  if (section === 'commit' && number) return commit(full, number, hash);
  if (section === undefined) return { ref: containerRef('github', full), ids: [githubRepositoryId(full)], refs: [], idPatterns: [] };
  return null;
}

/** A comment, review or review comment on issue or pull request `number`, as the URL's fragment names it; null for none. */
function saidOnThread(repo: string, number: number, hash: string, thread: ItemNames): ItemLink | null {
  const comment = /^#issuecomment-(\d+)$/.exec(hash)?.[1];
  if (comment) return exact(githubCommentId(repo, number, comment), thread);
  const review = /^#pullrequestreview-(\d+)$/.exec(hash)?.[1];
  if (review) return exact(githubReviewId(repo, number, review), thread);
  // `#discussion_r123` in the conversation, `#r123` in the diff (`/pull/8/files#r123`).
  const reviewComment = /^#(?:discussion_)?r(\d+)$/.exec(hash)?.[1];
  if (reviewComment) return exact(githubReviewCommentId(repo, number, Number(reviewComment)), thread);
  return null;
}

/** The commit, or the comment on it its fragment names (`#commitcomment-123`). */
function commit(repo: string, sha: string, hash = ''): ItemLink | null {
  if (!SHA.test(sha)) return null;
  const lower = sha.toLowerCase();
  const id = githubCommitId(repo, lower);
  const full = FULL_SHA.test(sha);
  const commitLink: ItemLink = full ? exact(id) : byPattern(githubCommitIdPattern(repo, lower));
  const comment = /^#commitcomment-(\d+)$/.exec(hash)?.[1];
  if (!comment) return commitLink;
  const within = { ids: commitLink.ids, refs: commitLink.refs };
  return full
    ? exact(githubCommitCommentId(repo, lower, Number(comment)), within)
    : byPattern(githubCommitCommentIdPattern(repo, lower, comment), within);
}

/**
 * What a REST API URL names (`https://api.github.com/repos/octo/demo/issues/comments/123`): the
 * same items as the pages, by pattern where the API leaves the issue or pull request out.
 */
function parseGithubApiUrl(url: URL): ItemLink | null {
  const [root, owner, repo, section, ...rest] = url.pathname.split('/').filter(Boolean);
  if (root !== 'repos' || !owner || !repo) return null;
  const full = `${owner}/${repo}`;
  const [first, second, third] = rest;
  if (section === undefined) return exact(githubRepositoryId(full));
  if ((section === 'issues' || section === 'pulls') && first === 'comments' && second && /^\d+$/.test(second)) {
    return byPattern(section === 'issues' ? githubCommentIdPattern(full, second) : githubReviewCommentIdPattern(full, second));
  }
  if (section === 'comments' && first && /^\d+$/.test(first)) return byPattern(githubCommitCommentIdPattern(full, '', first));
  if ((section === 'issues' || section === 'pulls') && first && /^\d+$/.test(first)) {
    const n = Number(first);
    const ref = githubNumberRef(full, n);
    const thread: ItemLink = {
      ref,
      ids: [section === 'pulls' ? githubPullRequestId(full, n) : githubIssueId(full, n)],
      refs: [ref],
      idPatterns: [],
    };
    if (section === 'pulls' && second === 'reviews' && third && /^\d+$/.test(third))
      return exact(githubReviewId(full, n, third), { ids: thread.ids, refs: thread.refs });
    return second === undefined ? thread : null;
  }
  if ((section === 'commits' || section === 'git') && first) return commit(full, section === 'git' ? (second ?? '') : first);
  return null;
}

/** GitHub's links: issues, pull requests, comments, reviews, commits and repositories on github.com (and its API). */
export const githubLinks: PlatformLinks = {
  ownsHost: (host) => host === 'github.com' || host === 'www.github.com' || host === 'api.github.com',
  parse: parseGithubUrl,
  inText: {
    rule: 'github-url',
    hint: 'github.com/',
    pattern: /https?:\/\/github\.com\/([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)\/(?:issues|pull)\/(\d+)/g,
  },
};

/** The `owner/repo` a git remote names when it is on github.com (`git@github.com:octo/demo.git`), else null. */
export const githubRepoOfRemote = (remote: { host: string; path: string }): string | null =>
  remote.host === 'github.com' ? remote.path : null;
