import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Linear GraphQL API on a local port: `viewer`, `teams` and the backfill's `issues`
 * query, answered in Linear's shapes with Relay paging (`pageInfo { hasNextPage endCursor }`,
 * `first`/`after`), the `filter.updatedAt.gte` the query passes and `includeArchived`.
 */
export interface FakeLinearApi {
  /** `http://127.0.0.1:<port>`: a connection's `--api-url`. */
  url: string;
  /** Issues per team key, oldest update first. */
  teams: Map<string, FakeLinearIssue[]>;
  keys: Set<string>;
  close(): Promise<void>;
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
}

/** A team of `count` issues a minute apart, each with `comments` comments. */
export function generateLinearTeam(
  key: string,
  count: number,
  comments = 0,
  start = new Date(Date.now() - 20 * 86_400_000),
): FakeLinearIssue[] {
  const person = { id: 'user-1', name: 'Ada', email: 'ada@example.com', displayName: 'ada' };
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(start.getTime() + n * 60_000).toISOString();
    const identifier = `${key}-${n + 1}`;
    return {
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
  options: { teams?: Record<string, FakeLinearIssue[]>; keys?: string[] } = {},
): Promise<FakeLinearApi> {
  const teams = new Map(Object.entries(options.teams ?? {}));
  const keys = new Set(options.keys ?? ['lin_api_fixture']);
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
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
      if (query.includes('viewer'))
        return send(200, { data: { viewer: { id: 'user-1', name: 'Ada', email: 'ada@example.com' }, organization: { name: 'Acme' } } });
      if (query.includes('teams')) return send(200, { data: { teams: { nodes: [...teams.keys()].map((team) => ({ key: team })) } } });
      if (query.includes('issues(')) {
        const since = Date.parse(String(variables.since));
        // Archived (and trashed) issues only when asked for, as Linear answers.
        const archived = /includeArchived: true/.test(query);
        const all = (teams.get(String(variables.team)) ?? []).filter(
          (issue) => Date.parse(issue.updatedAt) >= since && (archived || !issue.archivedAt),
        );
        const first = Number(variables.first ?? 50);
        const offset = variables.after ? Number(Buffer.from(String(variables.after), 'base64').toString()) : 0;
        const nodes = all.slice(offset, offset + first);
        const hasNextPage = offset + first < all.length;
        return send(200, {
          data: {
            issues: {
              pageInfo: { hasNextPage, endCursor: hasNextPage ? Buffer.from(String(offset + first)).toString('base64') : null },
              nodes,
            },
          },
        });
      }
      return send(400, { errors: [{ message: 'unknown query' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    teams,
    keys,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
