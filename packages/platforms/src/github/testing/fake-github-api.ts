import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

/**
 * A stand-in GitHub REST API on a local port, for backfill tests and `pnpm bench sync`: it serves
 * recorded api.github.com responses from `@octokit/fixtures` (an issue, a release, a repository,
 * with their real headers: `Link`, `x-ratelimit-*`, `x-oauth-scopes`) and generates more records
 * in the same shapes, paged the way GitHub pages them (`per_page`, `page`, `Link` with `next` and
 * `last`, `since`, `sort=updated`). Faults are injected per request; records change by hand.
 */
export interface FakeGithubApi {
  /** `http://127.0.0.1:<port>`: the `--api-url` of a connection. */
  url: string;
  /** The organisation's repositories by `owner/name`. */
  repos: Map<string, FakeRepository>;
  /** Tokens GitHub accepts, and the login each belongs to; remove one to revoke it. */
  tokens: Map<string, string>;
  /** Scopes `GET /user` reports for a classic token (`x-oauth-scopes`). */
  scopes: string;
  /** The next requests matching `path` get these answers, in order, before the real one. */
  inject(path: RegExp, ...faults: Fault[]): void;
  /** Milliseconds every answer waits (a slow API, so a test can stop a job mid-way). */
  delayMs: number;
  /** Requests served, by path (without the query), for assertions on what was asked. */
  requests: string[];
  close(): Promise<void>;
}

/** An answer the fake gives instead of the real one. */
export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One repository's records. Times ascend with the number, as a busy repository's would. */
export interface FakeRepository {
  fullName: string;
  issues: FakeIssue[];
  comments: FakeComment[];
  reviews: FakeReview[];
  reviewComments: FakeComment[];
  commits: { sha: string; message: string; date: string }[];
  releases: { tag: string; name: string; publishedAt: string }[];
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  pullRequest: boolean;
  mergedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface FakeComment {
  id: number;
  number: number;
  body: string;
  createdAt: string;
  updatedAt: string;
}
export interface FakeReview {
  id: number;
  number: number;
  body: string;
  state: string;
  submittedAt: string;
}

/** How big a generated repository is. */
export interface GeneratedRepository {
  fullName: string;
  /** Issues and pull requests (every `pullRequestEvery`-th is a pull request). */
  issues: number;
  pullRequestEvery?: number;
  commentsPerIssue?: number;
  reviewsPerPullRequest?: number;
  reviewCommentsPerPullRequest?: number;
  commits?: number;
  releases?: number;
  /** The first record's time; each next one is a minute later. */
  start?: Date;
}

const fixtures = createRequire(import.meta.url);
const scenario = (name: string): { path: string; response: unknown; headers: Record<string, string> }[] =>
  JSON.parse(readFileSync(fixtures.resolve(`@octokit/fixtures/scenarios/api.github.com/${name}/normalized-fixture.json`), 'utf8'));

const ISSUE_FIXTURE = scenario('paginate-issues')[0] as { response: Record<string, unknown>[]; headers: Record<string, string> };
const ISSUE_TEMPLATE = ISSUE_FIXTURE.response[0] as Record<string, unknown>;
const USER_TEMPLATE = ISSUE_TEMPLATE.user as Record<string, unknown>;
const RELEASE_TEMPLATE = scenario('release-assets')[0]?.response as Record<string, unknown>;
const REPOSITORY_TEMPLATE = scenario('get-repository')[0]?.response as Record<string, unknown>;
/** The recorded response headers GitHub sends with every API answer (rate limit, scopes, media type). */
const RECORDED_HEADERS: Record<string, string> = Object.fromEntries(
  Object.entries(ISSUE_FIXTURE.headers)
    .filter(([name]) => /^x-(ratelimit|oauth|accepted|github-media)/.test(name))
    .map(([name, value]) => [name, String(value)]),
);

const minute = 60_000;

/** A repository of generated records in GitHub's shapes. */
export function generateRepository(spec: GeneratedRepository): FakeRepository {
  const start = (spec.start ?? new Date(Date.now() - 30 * 24 * 3600_000)).getTime();
  const at = (n: number) => new Date(start + n * minute).toISOString().replace('.000Z', 'Z');
  const repo: FakeRepository = {
    fullName: spec.fullName,
    issues: [],
    comments: [],
    reviews: [],
    reviewComments: [],
    commits: [],
    releases: [],
  };
  let commentId = 1;
  for (let number = 1; number <= spec.issues; number++) {
    const pullRequest = spec.pullRequestEvery ? number % spec.pullRequestEvery === 0 : false;
    const time = at(number);
    repo.issues.push({
      number,
      title: `${pullRequest ? 'Change' : 'Problem'} ${number} in ${spec.fullName}`,
      body: `Generated ${pullRequest ? 'pull request' : 'issue'} ${number}: the ledger totals are off when the invoice ${number} is refunded.`,
      state: number % 3 === 0 ? 'closed' : 'open',
      pullRequest,
      mergedAt: pullRequest && number % 3 === 0 ? time : null,
      createdAt: time,
      updatedAt: time,
    });
    for (let c = 0; c < (spec.commentsPerIssue ?? 0); c++)
      repo.comments.push({
        id: commentId++,
        number,
        body: `Comment ${c} on #${number}: reproduced on staging.`,
        createdAt: time,
        updatedAt: time,
      });
    if (pullRequest) {
      for (let r = 0; r < (spec.reviewsPerPullRequest ?? 0); r++)
        repo.reviews.push({ id: commentId++, number, body: `Review ${r} of #${number}`, state: 'APPROVED', submittedAt: time });
      for (let r = 0; r < (spec.reviewCommentsPerPullRequest ?? 0); r++)
        repo.reviewComments.push({ id: commentId++, number, body: `Nit ${r} on #${number}`, createdAt: time, updatedAt: time });
    }
  }
  for (let n = 0; n < (spec.commits ?? 0); n++)
    repo.commits.push({
      sha: `${n.toString(16).padStart(8, '0')}${'a'.repeat(32)}`,
      message: `Fix ledger rounding ${n}\n\nRefs #1`,
      date: at(n),
    });
  for (let n = 0; n < (spec.releases ?? 0); n++) repo.releases.push({ tag: `v1.${n}.0`, name: `Release 1.${n}`, publishedAt: at(n * 10) });
  return repo;
}

/** Starts the stand-in GitHub on a free loopback port. */
export async function startFakeGithubApi(
  options: { repos?: FakeRepository[]; tokens?: Record<string, string> } = {},
): Promise<FakeGithubApi> {
  const repos = new Map((options.repos ?? []).map((repo) => [repo.fullName, repo]));
  const tokens = new Map(Object.entries(options.tokens ?? { ghp_fixture: 'octokit-fixture-user-a' }));
  const faults: { path: RegExp; fault: Fault }[] = [];
  const requests: string[] = [];
  const api: FakeGithubApi = {
    url: '',
    repos,
    tokens,
    scopes: RECORDED_HEADERS['x-oauth-scopes'] ?? 'repo',
    delayMs: 0,
    inject: (path, ...more) => faults.push(...more.map((fault) => ({ path, fault }))),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const answer = () => {
      try {
        serve(api, faults, request, response);
      } catch (error) {
        send(response, 500, { message: String(error) });
      }
    };
    if (api.delayMs > 0) setTimeout(answer, api.delayMs);
    else answer();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = api.close;
  api.close = () => {
    server.closeAllConnections();
    return close();
  };
  return api;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...RECORDED_HEADERS, ...headers });
  response.end(text);
}

function serve(api: FakeGithubApi, faults: { path: RegExp; fault: Fault }[], request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', api.url);
  api.requests.push(url.pathname);
  const faultAt = faults.findIndex((candidate) => candidate.path.test(url.pathname));
  if (faultAt >= 0) {
    const { fault } = faults.splice(faultAt, 1)[0] as { fault: Fault };
    return send(response, fault.status, fault.body ?? { message: `fault ${fault.status}` }, fault.headers);
  }
  const token = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const login = token ? api.tokens.get(token) : undefined;
  if (!login) return send(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
  if (url.pathname === '/user') return send(response, 200, { ...USER_TEMPLATE, login }, { 'x-oauth-scopes': api.scopes });
  if (url.pathname === '/user/repos')
    return page(
      api,
      url,
      response,
      [...api.repos.values()].map((repo) => repositoryJson(api, repo)),
    );

  const match = /^\/repos\/([^/]+\/[^/]+)(\/.*)?$/.exec(url.pathname);
  const repo = match ? api.repos.get(match[1] as string) : undefined;
  if (!match || !repo) return send(response, 404, { message: 'Not Found' });
  const rest = match[2] ?? '';
  const since = url.searchParams.get('since');
  const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const after = (time: string) => epochMs(time) >= sinceMs;
  const base = `${api.url.replace('127.0.0.1', '127.0.0.1')}`;
  const html = `https://github.com/${repo.fullName}`;
  const apiRepo = `${base}/repos/${repo.fullName}`;

  if (rest === '') return send(response, 200, repositoryJson(api, repo));
  if (rest === '/issues')
    return page(
      api,
      url,
      response,
      sortByUpdate(
        repo.issues.filter((issue) => after(issue.updatedAt)),
        url,
      ).map((issue) => issueJson(issue, html, apiRepo)),
    );
  const oneIssue = /^\/issues\/(\d+)$/.exec(rest);
  if (oneIssue) {
    const issue = repo.issues.find((candidate) => candidate.number === Number(oneIssue[1]));
    return issue ? send(response, 200, issueJson(issue, html, apiRepo)) : send(response, 404, { message: 'Not Found' });
  }
  if (rest === '/issues/comments')
    return page(
      api,
      url,
      response,
      sortByUpdate(
        repo.comments.filter((comment) => after(comment.updatedAt)),
        url,
      ).map((comment) => commentJson(comment, repo, html, apiRepo)),
    );
  if (rest === '/pulls/comments')
    return page(
      api,
      url,
      response,
      sortByUpdate(
        repo.reviewComments.filter((comment) => after(comment.updatedAt)),
        url,
      ).map((comment) => reviewCommentJson(comment, html, apiRepo)),
    );
  const reviews = /^\/pulls\/(\d+)\/reviews$/.exec(rest);
  if (reviews)
    return page(
      api,
      url,
      response,
      repo.reviews.filter((review) => review.number === Number(reviews[1])).map((review) => reviewJson(review, html)),
    );
  if (rest === '/commits')
    return page(
      api,
      url,
      response,
      repo.commits
        .filter((commit) => after(commit.date))
        .reverse()
        .map((commit) => commitJson(commit, html)),
    );
  if (rest === '/releases')
    return page(
      api,
      url,
      response,
      [...repo.releases].reverse().map((release) => releaseJson(release, html)),
    );
  return send(response, 404, { message: 'Not Found' });
}

/** GitHub's paging: `per_page` (default 30, at most 100), `page`, and a `Link` header with next and last. */
function page(api: FakeGithubApi, url: URL, response: ServerResponse, all: unknown[]): void {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
  const number = Number(url.searchParams.get('page') ?? 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const link = (n: number) => {
    const next = new URL(url.pathname + url.search, api.url);
    next.searchParams.set('page', String(n));
    return next.toString();
  };
  const links: string[] = [];
  if (number < last) links.push(`<${link(number + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (number > 1) links.push(`<${link(number - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`);
  send(response, 200, all.slice((number - 1) * perPage, number * perPage), links.length > 0 ? { link: links.join(', ') } : {});
}

/** Parsed times, so paging through a large stand-in does not parse every record's time again per request (the bench's server stays cheap). */
const parsedTimes = new Map<string, number>();
function epochMs(time: string): number {
  let ms = parsedTimes.get(time);
  if (ms === undefined) {
    ms = Date.parse(time);
    if (parsedTimes.size < 1_000_000) parsedTimes.set(time, ms);
  }
  return ms;
}

function sortByUpdate<T extends { updatedAt: string }>(records: T[], url: URL): T[] {
  const sorted = [...records].sort((a, b) => epochMs(a.updatedAt) - epochMs(b.updatedAt));
  return url.searchParams.get('direction') === 'desc' ? sorted.reverse() : sorted;
}

function repositoryJson(api: FakeGithubApi, repo: FakeRepository): Record<string, unknown> {
  const [owner, name] = repo.fullName.split('/');
  return {
    ...REPOSITORY_TEMPLATE,
    name,
    full_name: repo.fullName,
    owner: { ...USER_TEMPLATE, login: owner, type: 'Organization' },
    html_url: `https://github.com/${repo.fullName}`,
    url: `${api.url}/repos/${repo.fullName}`,
    description: `Stand-in repository ${repo.fullName}`,
  };
}

function issueJson(issue: FakeIssue, html: string, apiRepo: string): Record<string, unknown> {
  const kind = issue.pullRequest ? 'pull' : 'issues';
  return {
    ...ISSUE_TEMPLATE,
    url: `${apiRepo}/issues/${issue.number}`,
    html_url: `${html}/${kind}/${issue.number}`,
    id: 10_000_000 + issue.number,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    closed_at: issue.state === 'closed' ? issue.updatedAt : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    ...(issue.pullRequest
      ? { pull_request: { url: `${apiRepo}/pulls/${issue.number}`, html_url: `${html}/pull/${issue.number}`, merged_at: issue.mergedAt } }
      : {}),
  };
}

function commentJson(comment: FakeComment, repo: FakeRepository, html: string, apiRepo: string): Record<string, unknown> {
  const pullRequest = repo.issues.find((issue) => issue.number === comment.number)?.pullRequest;
  return {
    url: `${apiRepo}/issues/comments/${comment.id}`,
    html_url: `${html}/${pullRequest ? 'pull' : 'issues'}/${comment.number}#issuecomment-${comment.id}`,
    issue_url: `${apiRepo}/issues/${comment.number}`,
    id: comment.id,
    node_id: 'MDEyOklzc3VlQ29tbWVudDE=',
    user: USER_TEMPLATE,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: 'MEMBER',
    body: comment.body,
  };
}

function reviewCommentJson(comment: FakeComment, html: string, apiRepo: string): Record<string, unknown> {
  return {
    url: `${apiRepo}/pulls/comments/${comment.id}`,
    pull_request_review_id: comment.id,
    id: comment.id,
    node_id: 'MDI0OlB1bGxSZXF1ZXN0UmV2aWV3Q29tbWVudDE=',
    diff_hunk: '@@ -16,33 +16,40 @@',
    path: 'src/ledger.ts',
    commit_id: 'a'.repeat(40),
    original_commit_id: 'a'.repeat(40),
    user: USER_TEMPLATE,
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    html_url: `${html}/pull/${comment.number}#discussion_r${comment.id}`,
    pull_request_url: `${apiRepo}/pulls/${comment.number}`,
    author_association: 'MEMBER',
  };
}

function reviewJson(review: FakeReview, html: string): Record<string, unknown> {
  return {
    id: review.id,
    node_id: 'MDE3OlB1bGxSZXF1ZXN0UmV2aWV3ODA=',
    user: USER_TEMPLATE,
    body: review.body,
    state: review.state,
    html_url: `${html}/pull/${review.number}#pullrequestreview-${review.id}`,
    pull_request_url: `${html}/pulls/${review.number}`,
    submitted_at: review.submittedAt,
    commit_id: 'a'.repeat(40),
    author_association: 'MEMBER',
  };
}

function commitJson(commit: { sha: string; message: string; date: string }, html: string): Record<string, unknown> {
  const person = { name: 'Octo Fixture', email: 'fixture@example.com', date: commit.date };
  return {
    sha: commit.sha,
    node_id: 'MDY6Q29tbWl0MQ==',
    commit: { author: person, committer: person, message: commit.message, comment_count: 0 },
    html_url: `${html}/commit/${commit.sha}`,
    author: USER_TEMPLATE,
    committer: USER_TEMPLATE,
    parents: [],
  };
}

function releaseJson(release: { tag: string; name: string; publishedAt: string }, html: string): Record<string, unknown> {
  return {
    ...RELEASE_TEMPLATE,
    html_url: `${html}/releases/tag/${release.tag}`,
    tag_name: release.tag,
    name: release.name,
    body: `Notes of ${release.name}`,
    draft: false,
    prerelease: false,
    created_at: release.publishedAt,
    published_at: release.publishedAt,
  };
}
