import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Notion API on a local port, in its documented shapes: `GET /v1/users/me` (the
 * integration's bot), `POST /v1/search` (pages, `start_cursor` / `next_cursor` / `has_more`),
 * `GET /v1/pages/{id}` (a page in the trash with `in_trash: true`, one never shared a 404
 * `object_not_found`) and `GET /v1/blocks/{id}/children`; 429 with `Retry-After` on demand.
 */
export interface FakeNotionSearchApi {
  /** `http://127.0.0.1:<port>`: a connection's `--api-url`. */
  url: string;
  /** Pages shared with the integration, newest edit first. */
  pages: FakeSharedNotionPage[];
  /** Pages in the trash: search leaves them out, `pages.retrieve` still answers them. */
  trashed: FakeSharedNotionPage[];
  secrets: Set<string>;
  /** The next searches answer 429 with `Retry-After: 1` this many times. */
  rateLimitSearches(times: number): void;
  close(): Promise<void>;
}

export interface FakeSharedNotionPage {
  object: 'page';
  id: string;
  url: string;
  created_time: string;
  last_edited_time: string;
  parent: { type: string; page_id?: string; workspace?: boolean };
  properties: Record<string, unknown>;
  blocks: unknown[];
}

/** `count` pages edited a minute apart (newest first), each with two paragraphs. */
export function generateSharedNotionPages(count: number, start = new Date(Date.now() - 10 * 86_400_000)): FakeSharedNotionPage[] {
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(start.getTime() + n * 60_000).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    const id = `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`;
    const text = (content: string) => ({ type: 'text', text: { content }, plain_text: content });
    return {
      object: 'page' as const,
      id,
      url: `https://www.notion.so/Runbook-${n}-${id.replaceAll('-', '')}`,
      created_time: at,
      last_edited_time: at,
      parent:
        n === 0
          ? { type: 'workspace', workspace: true }
          : { type: 'page_id', page_id: `${String(0).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(0).padStart(12, '0')}` },
      properties: { title: { id: 'title', type: 'title', title: [text(`Runbook ${n}`)] } },
      blocks: [
        { object: 'block', id: `${id}-1`, type: 'heading_2', heading_2: { rich_text: [text('When the ledger drifts')] } },
        { object: 'block', id: `${id}-2`, type: 'paragraph', paragraph: { rich_text: [text(`Re-run reconciliation ${n}.`)] } },
      ],
    };
  }).reverse();
}

export async function startFakeNotionSearchApi(options: { secrets?: string[] } = {}): Promise<FakeNotionSearchApi> {
  const secrets = new Set(options.secrets ?? ['ntn_fixture']);
  let limited = 0;
  const api: FakeNotionSearchApi = {
    url: '',
    pages: [],
    trashed: [],
    secrets,
    rateLimitSearches: (times) => {
      limited = times;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const secret = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!secret || !secrets.has(secret))
        return send(401, { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' });
      if (url.pathname === '/v1/users/me')
        return send(200, {
          object: 'user',
          id: 'bot-1',
          type: 'bot',
          name: 'Pipe',
          bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Acme', workspace_id: 'ws-acme' },
        });
      if (url.pathname === '/v1/search' && request.method === 'POST') {
        if (limited > 0) {
          limited--;
          return send(429, { object: 'error', status: 429, code: 'rate_limited', message: 'Rate limited' }, { 'retry-after': '1' });
        }
        const body = JSON.parse(raw || '{}') as { start_cursor?: string; page_size?: number };
        const size = body.page_size ?? 100;
        const offset = body.start_cursor ? Number(body.start_cursor.replace('cursor-', '')) : 0;
        const results = api.pages.slice(offset, offset + size).map(({ blocks: _blocks, ...page }) => page);
        const more = offset + size < api.pages.length;
        return send(200, {
          object: 'list',
          results,
          next_cursor: more ? `cursor-${offset + size}` : null,
          has_more: more,
          type: 'page_or_database',
          page_or_database: {},
        });
      }
      const pageId = /^\/v1\/pages\/([^/]+)$/.exec(url.pathname)?.[1];
      if (pageId && request.method === 'GET') {
        const live = api.pages.find((candidate) => candidate.id === pageId);
        const trashed = api.trashed.find((candidate) => candidate.id === pageId);
        const found = live ?? trashed;
        if (found) {
          const { blocks: _blocks, ...page } = found;
          return send(200, { ...page, in_trash: !live, archived: !live });
        }
        return send(404, {
          object: 'error',
          status: 404,
          code: 'object_not_found',
          message: `Could not find page with ID: ${pageId}. Make sure the relevant pages and databases are shared with your integration.`,
        });
      }
      const children = /^\/v1\/blocks\/([^/]+)\/children$/.exec(url.pathname);
      if (children) {
        const page = api.pages.find((candidate) => candidate.id === children[1]);
        return send(200, { object: 'list', results: page?.blocks ?? [], next_cursor: null, has_more: false, type: 'block', block: {} });
      }
      return send(404, { object: 'error', status: 404, code: 'object_not_found', message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
