import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LINEAR_MAX_COMPLEXITY, linearQueryComplexity } from './linear-query-complexity.js';

/**
 * A stand-in Linear GraphQL API on a local port: `viewer`, `teams` and the backfill's `issues` and
 * `projects` queries, answered in Linear's shapes with Relay paging (`pageInfo { hasNextPage endCursor }`,
 * `first`/`after`), the `filter.updatedAt.gte` the query passes and `includeArchived`. Each query
 * is priced as Linear prices it and refused above 10,000 points with Linear's own answer; `failNext`
 * answers the next queries with what is queued there (a rate limit, a 5xx) before serving again.
 */
export interface FakeLinearApi {
  /** `http://127.0.0.1:<port>`: a connection's `--api-url`. */
  url: string;
  /** Issues per team key, oldest update first. */
  teams: Map<string, FakeLinearIssue[]>;
  /** Projects per team key taking part (`accessibleTeams`), oldest update first. */
  projects: Map<string, FakeLinearProject[]>;
  keys: Set<string>;
  /** Answers for the next queries, first in first out, instead of their data. */
  failNext: FakeLinearAnswer[];
  /** The complexity of every query served, in order. */
  complexities: number[];
  close(): Promise<void>;
}

/** One HTTP answer of the stand-in API. */
export interface FakeLinearAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Linear's answer to a key over its budget: a `RATELIMITED` GraphQL error (the `ratelimited` type
 * `@linear/sdk` maps to `RatelimitedLinearError`) with the rate-limit headers the SDK reads; the
 * reset is in epoch milliseconds.
 */
export function linearRateLimited(resetInMs: number, budget: 'requests' | 'complexity' = 'requests'): FakeLinearAnswer {
  return {
    status: 400,
    headers: {
      [`x-ratelimit-${budget}-limit`]: budget === 'requests' ? '5000' : '3000000',
      [`x-ratelimit-${budget}-remaining`]: '0',
      [`x-ratelimit-${budget}-reset`]: String(Date.now() + resetInMs),
    },
    body: {
      errors: [
        {
          message: 'Rate limit exceeded',
          extensions: {
            type: 'ratelimited',
            code: 'RATELIMITED',
          },
        },
      ],
    },
  };
}

export interface FakeLinearIssue {
  id: string;
  identifier: string;
  title: string;
  description: string;
  url: string;
  createdAt: string;
  updatedAt: string;
  archivedAt?: string | null;
  /** In the trash (Linear's deletion): answered only to a query that includes archived issues. */
  trashed?: boolean | null;
  state: { name: string };
  team: { key: string };
  creator: { id: string; name: string; email: string; displayName: string };
  comments: { nodes: { id: string; body: string; url: string; createdAt: string; updatedAt: string; user: FakeLinearIssue['creator'] }[] };
  /** Relations from this issue, and to it (the GraphQL `IssueRelation`: issue <type> relatedIssue). */
  relations: { nodes: FakeLinearRelation[] };
  inverseRelations: { nodes: FakeLinearRelation[] };
}

export interface FakeLinearRelation {
  id: string;
  type: 'blocks' | 'duplicate' | 'related' | 'similar';
  createdAt: string;
  updatedAt: string;
  issue: { id: string; identifier: string };
  relatedIssue: { id: string; identifier: string };
}

/** A GraphQL `Project` node with the fields the backfill asks for. */
export interface FakeLinearProject {
  id: string;
  name: string;
  description: string;
  content: string | null;
  url: string;
  createdAt: string;
  updatedAt: string;
  status: { name: string };
  lead: FakeLinearIssue['creator'] | null;
}

/** `count` projects a day apart, changed an hour after they started. */
export function generateLinearProjects(count: number, start = new Date(Date.now() - 20 * 86_400_000)): FakeLinearProject[] {
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(start.getTime() + n * 86_400_000);
    const slug = `faster-checkout-${n + 1}-6f3d2a1b9c8${n}`;
    return {
      id: `9d1c6a3e-66c9-4d4f-9a55-2f5c3c1b6a0${n}`,
      name: `Faster checkout ${n + 1}`,
      description: `Make checkout ${n + 1} load 10x faster`,
      content: `Tracks the slow totals of checkout ${n + 1}.`,
      url: `https://linear.app/acme/project/${slug}`,
      createdAt: at.toISOString(),
      updatedAt: new Date(at.getTime() + 3_600_000).toISOString(),
      status: { name: 'Planned' },
      lead: { id: 'user-1', name: 'Ada', email: 'ada@example.com', displayName: 'ada' },
    };
  });
}

/**
 * A team of `count` issues a minute apart, each with `comments` comments. With `blocksEvery`,
 * every such issue blocks the next: the relation is in the blocker's `relations` and the blocked
 * issue's `inverseRelations`, as Linear answers both.
 */
export function generateLinearTeam(
  key: string,
  count: number,
  comments = 0,
  start = new Date(Date.now() - 20 * 86_400_000),
  blocksEvery = 0,
): FakeLinearIssue[] {
  const person = { id: 'user-1', name: 'Ada', email: 'ada@example.com', displayName: 'ada' };
  const blocker = (n: number) => blocksEvery > 0 && n % blocksEvery === 0 && n + 1 < count;
  const blocks = (n: number): FakeLinearRelation => {
    const at = new Date(start.getTime() + n * 60_000).toISOString();
    return {
      id: `relation-${key}-${n + 1}`,
      type: 'blocks',
      createdAt: at,
      updatedAt: at,
      issue: { id: `issue-${key}-${n + 1}`, identifier: `${key}-${n + 1}` },
      relatedIssue: { id: `issue-${key}-${n + 2}`, identifier: `${key}-${n + 2}` },
    };
  };
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(start.getTime() + n * 60_000).toISOString();
    const identifier = `${key}-${n + 1}`;
    return {
      relations: { nodes: blocker(n) ? [blocks(n)] : [] },
      inverseRelations: { nodes: n > 0 && blocker(n - 1) ? [blocks(n - 1)] : [] },
      id: `issue-${key}-${n + 1}`,
      identifier,
      title: `Checkout ${n + 1} rounds totals wrong`,
      description: `Seen on invoice ${n + 1}.`,
      url: `https://linear.app/acme/issue/${identifier}/checkout`,
      createdAt: at,
      updatedAt: at,
      state: { name: 'Todo' },
      team: { key },
      creator: person,
      comments: {
        nodes: Array.from({ length: comments }, (_, c) => ({
          id: `comment-${identifier}-${c}`,
          body: `Comment ${c} on ${identifier}`,
          url: `https://linear.app/acme/issue/${identifier}/checkout#comment-${c}`,
          createdAt: at,
          updatedAt: at,
          user: person,
        })),
      },
    };
  });
}

export async function startFakeLinearApi(
  options: { teams?: Record<string, FakeLinearIssue[]>; projects?: Record<string, FakeLinearProject[]>; keys?: string[] } = {},
): Promise<FakeLinearApi> {
  const teams = new Map(Object.entries(options.teams ?? {}));
  const projects = new Map(Object.entries(options.projects ?? {}));
  const keys = new Set(options.keys ?? ['lin_api_fixture']);
  const failNext: FakeLinearAnswer[] = [];
  const complexities: number[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const key = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!keys.has(key))
        return send(400, {
          errors: [
            {
              message: 'Authentication required, not authenticated',
              extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR' },
            },
          ],
        });
      const { query, variables = {} } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
      const failure = failNext.shift();
      if (failure) return send(failure.status, failure.body, failure.headers);
      const complexity = linearQueryComplexity(query, variables);
      complexities.push(complexity);
      // Linear's answer to a query priced over the cap (as reported by its users, verbatim in shape).
      if (complexity > LINEAR_MAX_COMPLEXITY)
        return send(400, {
          errors: [
            {
              message: 'Query too complex',
              extensions: {
                type: 'invalid input',
                code: 'INPUT_ERROR',
                statusCode: 400,
                userError: true,
                userPresentableMessage: `The query is too complex. Complexity: ${complexity}. Maximum allowed complexity: ${LINEAR_MAX_COMPLEXITY}.`,
                http: { status: 400 },
              },
            },
          ],
        });
      if (query.includes('viewer'))
        return send(200, { data: { viewer: { id: 'user-1', name: 'Ada', email: 'ada@example.com' }, organization: { name: 'Acme' } } });
      const since = Date.parse(String(variables.since));
      const first = Number(variables.first ?? 50);
      const offset = variables.after ? Number(Buffer.from(String(variables.after), 'base64').toString()) : 0;
      const connection = <T>(all: T[]) => {
        const hasNextPage = offset + first < all.length;
        return {
          pageInfo: { hasNextPage, endCursor: hasNextPage ? Buffer.from(String(offset + first)).toString('base64') : null },
          nodes: all.slice(offset, offset + first),
        };
      };
      if (query.includes('projects(')) {
        const all = (projects.get(String(variables.team)) ?? []).filter((project) => Date.parse(project.updatedAt) >= since);
        return send(200, { data: { projects: connection(all) } });
      }
      if (query.includes('teams')) return send(200, { data: { teams: { nodes: [...teams.keys()].map((team) => ({ key: team })) } } });
      if (query.includes('issues(')) {
        // Archived (and trashed) issues only when asked for, as Linear answers.
        const archived = /includeArchived: true/.test(query);
        const all = (teams.get(String(variables.team)) ?? []).filter(
          (issue) => Date.parse(issue.updatedAt) >= since && (archived || !issue.archivedAt),
        );
        return send(200, { data: { issues: connection(all) } });
      }
      return send(400, { errors: [{ message: 'unknown query' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    teams,
    projects,
    keys,
    failNext,
    complexities,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
