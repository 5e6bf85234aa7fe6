import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Jira Cloud REST API on a local port: `/rest/api/3/myself`, `/project/search` and the
 * enhanced search `/rest/api/3/search/jql` (`nextPageToken` / `isLast` paging, `maxResults`, only the
 * `fields` asked for), in
 * Jira's documented shapes; 429 with `Retry-After` on demand.
 */
export interface FakeJiraApi {
  /** `http://127.0.0.1:<port>`: a connection's `--api-url` (the site). */
  url: string;
  projects: Map<string, FakeJiraIssue[]>;
  /** Accepted `email:token` credentials. */
  credentials: Set<string>;
  /** The next searches answer 429 with `Retry-After: 1` this many times. */
  rateLimitSearches(times: number): void;
  close(): Promise<void>;
}

export interface FakeJiraIssue {
  id: string;
  key: string;
  self: string;
  fields: Record<string, unknown>;
}

/**
 * A project of `count` issues a minute apart, each with `comments` comments. With `blocksEvery`,
 * every such issue blocks the next one: both carry the link in `fields.issuelinks` as REST v3's
 * "Get issue" documents it (the blocker names the other on its `outwardIssue`, the blocked one on
 * its `inwardIssue`).
 */
export function generateJiraProject(
  site: string,
  key: string,
  count: number,
  comments = 0,
  start = new Date(Date.now() - 20 * 86_400_000),
  blocksEvery = 0,
): FakeJiraIssue[] {
  const person = { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', emailAddress: 'mia@example.com' };
  const blocks = {
    id: '10000',
    name: 'Blocks',
    inward: 'is blocked by',
    outward: 'blocks',
    self: `${site}/rest/api/3/issueLinkType/10000`,
  };
  const linked = (n: number) => ({
    id: String(10_000 + n),
    key: `${key}-${n + 1}`,
    self: `${site}/rest/api/3/issue/${10_000 + n}`,
    fields: { summary: `Invoice ${n + 1} totals are off`, status: { name: 'To Do' } },
  });
  const blocker = (n: number) => blocksEvery > 0 && n % blocksEvery === 0 && n + 1 < count;
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(start.getTime() + n * 60_000).toISOString().replace('Z', '+0000');
    const issuelinks = [
      ...(blocker(n)
        ? [{ id: String(30_000 + n), self: `${site}/rest/api/3/issueLink/${30_000 + n}`, type: blocks, outwardIssue: linked(n + 1) }]
        : []),
      ...(n > 0 && blocker(n - 1)
        ? [{ id: String(30_000 + n - 1), self: `${site}/rest/api/3/issueLink/${30_000 + n - 1}`, type: blocks, inwardIssue: linked(n - 1) }]
        : []),
    ];
    return {
      id: String(10_000 + n),
      key: `${key}-${n + 1}`,
      self: `${site}/rest/api/3/issue/${10_000 + n}`,
      fields: {
        summary: `Invoice ${n + 1} totals are off`,
        description: {
          type: 'doc',
          version: 1,
          content: [{ type: 'paragraph', content: [{ type: 'text', text: `Seen on invoice ${n + 1}.` }] }],
        },
        status: { name: 'To Do' },
        project: { key, name: key },
        creator: person,
        reporter: person,
        created: at,
        updated: at,
        issuelinks,
        comment: {
          comments: Array.from({ length: comments }, (_, c) => ({
            id: String(20_000 + n * 10 + c),
            body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `Comment ${c}` }] }] },
            author: person,
            created: at,
            updated: at,
          })),
          total: comments,
        },
      },
    };
  });
}

export async function startFakeJiraApi(options: { credentials?: string[] } = {}): Promise<FakeJiraApi> {
  const projects = new Map<string, FakeJiraIssue[]>();
  const credentials = new Set(options.credentials ?? ['me@example.com:jira-token']);
  let limited = 0;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!basic || !credentials.has(Buffer.from(basic, 'base64').toString()))
      return send(401, { errorMessages: ['Client must be authenticated to access this resource.'] });
    if (url.pathname === '/rest/api/3/myself')
      return send(200, { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', emailAddress: 'mia@example.com' });
    if (url.pathname === '/rest/api/3/project/search')
      return send(200, {
        isLast: true,
        values: [...projects.keys()].map((key) => ({ key, name: key })),
        startAt: 0,
        maxResults: 50,
        total: projects.size,
      });
    if (url.pathname === '/rest/api/3/search/jql') {
      if (limited > 0) {
        limited--;
        return send(429, { errorMessages: ['Rate limit exceeded.'] }, { 'retry-after': '1' });
      }
      const jql = url.searchParams.get('jql') ?? '';
      const key = /project = "([^"]+)"/.exec(jql)?.[1] ?? '';
      const issues = projects.get(key);
      if (!issues) return send(400, { errorMessages: [`The value '${key}' does not exist for the field 'project'.`] });
      const max = Number(url.searchParams.get('maxResults') ?? 50);
      const offset = Number(url.searchParams.get('nextPageToken') ?? 0);
      // Only the fields asked for, as Jira answers (`fields=summary,…`).
      const wanted = new Set((url.searchParams.get('fields') ?? '').split(','));
      const page = issues.slice(offset, offset + max).map((issue) => ({
        ...issue,
        fields: Object.fromEntries(Object.entries(issue.fields).filter(([name]) => wanted.has(name))),
      }));
      const isLast = offset + max >= issues.length;
      return send(200, { issues: page, isLast, ...(isLast ? {} : { nextPageToken: String(offset + max) }) });
    }
    return send(404, { errorMessages: ['not found'] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    projects,
    credentials,
    rateLimitSearches: (times) => {
      limited = times;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
