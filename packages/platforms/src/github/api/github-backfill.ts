import type { ApiCredential, BackfillContext, BackfillPage, BackfillPlan, SyncedRecord } from '../../kit/platform-api.js';
import { githubCommentId, githubCommitId, githubPullRequestId, githubReleaseId, githubReviewCommentId, githubReviewId } from '../ids.js';
import { issueItemId } from '../normalize/issues.js';
import { versionAt } from '../normalize/github-time.js';
import { githubApiError } from './github-api-error.js';
import { type GithubClient, type GithubClientOptions, createGithubClient } from './github-client.js';

/** The phases of a repository's backfill, in order; a cursor names one and the page to read next. */
const PHASES = ['issues', 'issue_comments', 'review_comments', 'commits', 'releases'] as const;
type Phase = (typeof PHASES)[number];

/** Where a repository's backfill stands: the phase, and the URL of its next page (null: its first). */
export interface GithubCursor {
  phase: Phase;
  next: string | null;
}

const PER_PAGE = 100;
/** How many issue titles a job remembers for the comments that follow (then it asks GitHub again). */
const THREAD_CACHE = 50_000;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

interface Thread {
  number: number;
  title: string;
  pull_request: boolean;
}

/**
 * A GitHub repository's backfill through the REST API, so GitHub Enterprise Server and recorded
 * fixtures work: issues and pull requests (one listing, sorted by update, with each pull request's
 * reviews), issue comments, review comments, commits on the default branch and releases, each
 * since the window's start. Pages follow GitHub's `Link` header (`@octokit/plugin-paginate-rest`),
 * and each page's position is the cursor, so a job resumed elsewhere reads on from the next page.
 */
export function githubBackfill(clientOptions: GithubClientOptions = {}): BackfillPlan {
  return {
    // Every phase lists what changed since the window's start, in full (releases down to it).
    listing: {
      kinds: ['issue', 'pull_request', 'comment', 'review', 'commit', 'release'],
      containers: (repo) => ({ is: repo }),
      window: 'updated',
    },
    scopeHint: 'repositories, as owner/name',
    scopeProblem: (scope) => (REPOSITORY.test(scope) ? null : `'${scope}' is not a GitHub repository: write it owner/name`),

    async scopes(credential: ApiCredential, signal: AbortSignal) {
      const client = createGithubClient(credential, clientOptions);
      try {
        const repos = await client.paginate<{ full_name: string }>('GET /user/repos', { per_page: PER_PAGE, request: { signal } });
        return repos.map((repo: { full_name: string }) => repo.full_name);
      } catch (error) {
        throw githubApiError(error, 'GET /user/repos');
      }
    },

    pages: (context) =>
      repositoryPages(
        createGithubClient(context.credential, {
          ...clientOptions,
          ...(context.retryBaseMs !== undefined ? { retryBaseMs: context.retryBaseMs } : {}),
        }),
        context,
      ),
  };
}

async function* repositoryPages(client: GithubClient, context: BackfillContext): AsyncGenerator<BackfillPage> {
  const repo = context.scope;
  const since = context.since.toISOString();
  const threads = new Map<number, Thread>();
  const repository = await fetchRepository(client, repo, context.signal);
  const start = (context.cursor as GithubCursor | null) ?? { phase: PHASES[0], next: null };
  for (const phase of PHASES.slice(PHASES.indexOf(start.phase))) {
    const first = phase === start.phase && start.next ? start.next : firstPage(phase, repo, since);
    const iterator = client.paginate.iterator(`GET ${first}` as 'GET /', { request: { signal: context.signal } });
    try {
      for await (const response of iterator) {
        const link = String(response.headers.link ?? '');
        const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null;
        const last = /[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link)?.[1];
        const items = response.data as unknown as Record<string, unknown>[];
        const records: SyncedRecord[] = [];
        let older = false;
        for (const record of items) {
          if (phase === 'releases' && isOlderRelease(record, context.since)) {
            older = true;
            continue;
          }
          records.push(...(await recordsOf(phase, record, repository, threads, client, context)));
        }
        // Releases come newest first without a `since`: a page reaching past the window ends them.
        const phaseDone = next === null || older;
        const following = phaseDone ? nextPhase(phase) : { phase, next };
        yield { records, cursor: following, expectedPages: last ? Number(last) : null };
        if (phaseDone) break;
        if (context.signal.aborted) return;
      }
    } catch (error) {
      throw githubApiError(error, `${phase.replace('_', ' ')} of ${repo}`);
    }
    if (context.signal.aborted) return;
  }
}

function nextPhase(phase: Phase): GithubCursor | null {
  const following = PHASES[PHASES.indexOf(phase) + 1];
  return following ? { phase: following, next: null } : null;
}

function firstPage(phase: Phase, repo: string, since: string): string {
  const window = `since=${encodeURIComponent(since)}&per_page=${PER_PAGE}`;
  switch (phase) {
    case 'issues':
      return `/repos/${repo}/issues?state=all&sort=updated&direction=asc&${window}`;
    case 'issue_comments':
      return `/repos/${repo}/issues/comments?sort=updated&direction=asc&${window}`;
    case 'review_comments':
      return `/repos/${repo}/pulls/comments?sort=updated&direction=asc&${window}`;
    case 'commits':
      return `/repos/${repo}/commits?${window}`;
    case 'releases':
      return `/repos/${repo}/releases?per_page=${PER_PAGE}`;
  }
}

interface RepositoryContext {
  full_name: string;
  html_url: string | null;
  description: string | null;
}

async function fetchRepository(client: GithubClient, repo: string, signal: AbortSignal): Promise<RepositoryContext> {
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}', {
      owner: repo.split('/')[0] ?? '',
      repo: repo.split('/')[1] ?? '',
      request: { signal },
    });
    return { full_name: data.full_name, html_url: data.html_url, description: data.description };
  } catch (error) {
    throw githubApiError(error, `the repository ${repo}`);
  }
}

function isOlderRelease(record: Record<string, unknown>, since: Date): boolean {
  const time = (record.published_at ?? record.created_at) as string | null | undefined;
  return typeof time === 'string' && Date.parse(time) < since.getTime();
}

async function recordsOf(
  phase: Phase,
  record: Record<string, unknown>,
  repository: RepositoryContext,
  threads: Map<number, Thread>,
  client: GithubClient,
  context: BackfillContext,
): Promise<SyncedRecord[]> {
  const repo = repository.full_name;
  switch (phase) {
    case 'issues': {
      const thread: Thread = { number: Number(record.number), title: String(record.title), pull_request: Boolean(record.pull_request) };
      remember(threads, thread);
      const issue: SyncedRecord = {
        resource: 'issue',
        body: { record, context: { repository } },
        itemId: issueItemId(repo, { ...thread, pull_request: thread.pull_request ? {} : null } as never),
        version: versionAt(String(record.updated_at)),
      };
      return thread.pull_request ? [issue, ...(await reviewsOf(client, repository, thread, context))] : [issue];
    }
    case 'issue_comments': {
      const thread = await threadOf(client, repo, numberIn(record.issue_url), threads, context.signal);
      return [
        {
          resource: 'issue_comment',
          body: { record, context: { repository, thread } },
          itemId: githubCommentId(repo, thread.number, Number(record.id)),
          version: versionAt(String(record.updated_at)),
        },
      ];
    }
    case 'review_comments': {
      const thread = await threadOf(client, repo, numberIn(record.pull_request_url), threads, context.signal);
      return [
        {
          resource: 'review_comment',
          body: { record, context: { repository, thread } },
          itemId: githubReviewCommentId(repo, thread.number, Number(record.id)),
          version: versionAt(String(record.updated_at)),
        },
      ];
    }
    case 'commits': {
      const commit = record.commit as { author?: { date?: string } | null; committer?: { date?: string } | null } | undefined;
      const time = commit?.author?.date ?? commit?.committer?.date ?? '1970-01-01T00:00:00Z';
      return [
        {
          resource: 'commit',
          body: { record, context: { repository } },
          itemId: githubCommitId(repo, String(record.sha)),
          version: versionAt(time),
        },
      ];
    }
    case 'releases': {
      const time = (record.published_at ?? record.created_at ?? null) as string | null;
      return [
        {
          resource: 'release',
          body: { record, context: { repository } },
          itemId: githubReleaseId(repo, String(record.tag_name)),
          version: time ? versionAt(time) : 0,
        },
      ];
    }
  }
}

/** A pull request's submitted reviews in the window (GitHub lists reviews without a `since`). */
async function reviewsOf(
  client: GithubClient,
  repository: RepositoryContext,
  thread: Thread,
  context: BackfillContext,
): Promise<SyncedRecord[]> {
  const [owner = '', name = ''] = repository.full_name.split('/');
  const reviews = await client.paginate<{ id: number; submitted_at?: string | null }>(
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    {
      owner,
      repo: name,
      pull_number: thread.number,
      per_page: PER_PAGE,
      request: { signal: context.signal },
    },
  );
  return reviews
    .filter((review) => review.submitted_at && Date.parse(review.submitted_at) >= context.since.getTime())
    .map((review) => ({
      resource: 'review',
      body: { record: review, context: { repository, thread } },
      itemId: githubReviewId(repository.full_name, thread.number, review.id),
      version: versionAt(review.submitted_at as string),
    }));
}

function remember(threads: Map<number, Thread>, thread: Thread): void {
  if (threads.size >= THREAD_CACHE) threads.clear();
  threads.set(thread.number, thread);
}

/** `…/issues/7` or `…/pulls/7` → 7. */
function numberIn(url: unknown): number {
  const number = /\/(?:issues|pulls)\/(\d+)$/.exec(String(url))?.[1];
  if (!number) throw new Error(`GitHub gave a comment without an issue or pull request URL (${String(url)})`);
  return Number(number);
}

/** The issue or pull request a comment is on, from this job's memory or from GitHub. */
async function threadOf(
  client: GithubClient,
  repo: string,
  number: number,
  threads: Map<number, Thread>,
  signal: AbortSignal,
): Promise<Thread> {
  const known = threads.get(number);
  if (known) return known;
  const [owner = '', name = ''] = repo.split('/');
  const { data } = await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
    owner,
    repo: name,
    issue_number: number,
    request: { signal },
  });
  const thread: Thread = { number, title: data.title, pull_request: Boolean(data.pull_request) };
  remember(threads, thread);
  return thread;
}

/** The pull request id a review or review comment hangs from (for tests and the plan's records). */
export const pullRequestOf = (repo: string, number: number): string => githubPullRequestId(repo, number);
