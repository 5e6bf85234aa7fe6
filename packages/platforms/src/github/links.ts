import { containerRef } from '@pipe/events';
import { type ItemLink, type PlatformLinks, likeEscape } from '../item-links.js';
import { githubCommentId, githubCommitId, githubIssueId, githubNumberRef, githubPullRequestId, githubRepositoryId, githubReviewId } from './ids.js';

const exact = (id: string): ItemLink => ({ ref: id, ids: [id], refs: [], idPatterns: [] });

/**
 * What a github.com URL names: an issue or pull request (`/issues/7`, `/pull/8`), a comment or
 * review on one (`#issuecomment-…`, `#pullrequestreview-…`), a commit (`/commit/<sha>`, also
 * `/pull/8/commits/<sha>`; an abbreviated sha by prefix) or a repository.
 */
function parseGithubUrl(url: URL): ItemLink | null {
  const [owner, repo, section, number, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!owner || !repo) return null;
  const full = `${owner}/${repo}`;
  const hash = url.hash;
  if ((section === 'issues' || section === 'pull') && number && /^\d+$/.test(number)) {
    const n = Number(number);
    const comment = /^#issuecomment-(\d+)$/.exec(hash);
    if (comment) return exact(githubCommentId(full, n, comment[1] as string));
    const review = /^#pullrequestreview-(\d+)$/.exec(hash);
    if (review) return exact(githubReviewId(full, n, review[1] as string));
    if (section === 'pull' && rest[0] === 'commits' && rest[1]) return commit(full, rest[1]);
    const ref = githubNumberRef(full, n);
    return { ref, ids: [section === 'pull' ? githubPullRequestId(full, n) : githubIssueId(full, n)], refs: [ref], idPatterns: [] };
  }
  if (section === 'commit' && number) return commit(full, number);
  if (section === undefined) return { ref: containerRef('github', full), ids: [githubRepositoryId(full)], refs: [], idPatterns: [] };
  return null;
}

function commit(repo: string, sha: string): ItemLink | null {
  if (!/^[0-9a-f]{7,40}$/i.test(sha)) return null;
  const id = githubCommitId(repo, sha.toLowerCase());
  return sha.length === 40 ? exact(id) : { ref: null, ids: [], refs: [], idPatterns: [`${likeEscape(id)}%`] };
}

/** GitHub's links: issues, pull requests, comments, reviews, commits and repositories on github.com. */
export const githubLinks: PlatformLinks = {
  ownsHost: (host) => host === 'github.com' || host === 'www.github.com',
  parse: parseGithubUrl,
  inText: {
    rule: 'github-url',
    hint: 'github.com/',
    pattern: /https?:\/\/github\.com\/([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)\/(?:issues|pull)\/(\d+)/g,
  },
};

/** The `owner/repo` a git remote names when it is on github.com (`git@github.com:octo/demo.git`), else null. */
export const githubRepoOfRemote = (remote: { host: string; path: string }): string | null => (remote.host === 'github.com' ? remote.path : null);
