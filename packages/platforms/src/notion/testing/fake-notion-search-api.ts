import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Notion API (version 2025-09-03, which `@notionhq/client` v5 speaks) on a local port, in
 * its documented shapes: `GET /v1/users/me` (the integration's bot), `POST /v1/search` (pages or
 * data sources by `filter.value`, `start_cursor` / `next_cursor` / `has_more`), `GET /v1/databases/{id}`,
 * `POST /v1/data_sources/{id}/query` (the `last_edited_time` `on_or_after` filter, newest first),
 * `GET /v1/comments?block_id=` (403 `restricted_resource` without the comments capability),
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
  /** Databases shared with the integration, each with one data source and its rows. */
  databases: FakeNotionDatabase[];
  /** Page-level comments per page id. */
  comments: Map<string, FakeNotionComment[]>;
  /** When false, `comments.list` answers 403 `restricted_resource` (no 'Read comments' capability). */
  commentsReadable: boolean;
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
  parent: { type: string; page_id?: string; workspace?: boolean; data_source_id?: string; database_id?: string };
  properties: Record<string, unknown>;
  blocks: unknown[];
}

/** A database as `databases.retrieve` answers, its one data source as search answers, and its rows. */
export interface FakeNotionDatabase {
  database: {
    object: 'database';
    id: string;
    title: unknown[];
    description: unknown[];
    parent: { type: string; page_id?: string; workspace?: boolean };
    is_inline: boolean;
    in_trash: boolean;
    archived: boolean;
    is_locked: boolean;
    created_time: string;
    last_edited_time: string;
    data_sources: { id: string; name: string }[];
    icon: null;
    cover: null;
    url: string;
    public_url: null;
  };
  source: {
    object: 'data_source';
    id: string;
    title: unknown[];
    description: unknown[];
    parent: { type: 'database_id'; database_id: string };
    database_parent: unknown;
    is_inline: boolean;
    in_trash: boolean;
    archived: boolean;
    created_time: string;
    last_edited_time: string;
    properties: Record<string, unknown>;
    url: string;
  };
  /** Rows, newest edit first: pages whose parent is the data source (with its database). */
  rows: FakeSharedNotionPage[];
}

/** A comment as `comments.list` answers it. */
export interface FakeNotionComment {
  object: 'comment';
  id: string;
  parent: { type: 'page_id'; page_id: string };
  discussion_id: string;
  created_time: string;
  last_edited_time: string;
  created_by: { object: 'user'; id: string };
  rich_text: unknown[];
  display_name: { type: 'user'; resolved_name: string | null };
}

const plain = (content: string) => ({
  type: 'text',
  text: { content, link: null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
  plain_text: content,
  href: null,
});

/** A database `name` of `rows` rows edited a minute apart from `start` (its rows newest first). */
export function generateNotionDatabase(
  n: number,
  name: string,
  rows: number,
  start = new Date(Date.now() - 10 * 86_400_000),
): FakeNotionDatabase {
  const at = start.toISOString().replace(/\.\d{3}Z$/, '.000Z');
  const databaseId = `dddddddd-${String(n).padStart(4, '0')}-4bbb-8ccc-000000000000`;
  const sourceId = `eeeeeeee-${String(n).padStart(4, '0')}-4bbb-8ccc-000000000000`;
  const pages = generateSharedNotionPages(rows, start).map((page, r) => ({
    ...page,
    id: `${databaseId.slice(0, 24)}${String(r).padStart(12, '0')}`.replace(/^dddddddd/, 'cccccccc'),
    parent: { type: 'data_source_id', data_source_id: sourceId, database_id: databaseId },
    properties: { Name: { id: 'title', type: 'title', title: [plain(`${name} row ${rows - 1 - r}`)] } },
  }));
  return {
    database: {
      object: 'database',
      id: databaseId,
      title: [plain(name)],
      description: [plain(`Everything about ${name.toLowerCase()}`)],
      parent: { type: 'workspace', workspace: true },
      is_inline: false,
      in_trash: false,
      archived: false,
      is_locked: false,
      created_time: at,
      last_edited_time: at,
      data_sources: [{ id: sourceId, name }],
      icon: null,
      cover: null,
      url: `https://www.notion.so/${databaseId.replaceAll('-', '')}`,
      public_url: null,
    },
    source: {
      object: 'data_source',
      id: sourceId,
      title: [plain(name)],
      description: [],
      parent: { type: 'database_id', database_id: databaseId },
      database_parent: { type: 'workspace', workspace: true },
      is_inline: false,
      in_trash: false,
      archived: false,
      created_time: at,
      last_edited_time: at,
      properties: { Name: { id: 'title', name: 'Name', type: 'title', title: {}, description: null } },
      url: `https://www.notion.so/${sourceId.replaceAll('-', '')}`,
    },
    rows: pages,
  };
}

/** `count` page-level comments on `pageId`, a minute apart from `start`. */
export function generateNotionComments(pageId: string, count: number, start = new Date(Date.now() - 86_400_000)): FakeNotionComment[] {
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(start.getTime() + n * 60_000).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    return {
      object: 'comment',
      id: `${pageId.slice(0, 24)}${String(900 + n).padStart(12, '0')}`,
      parent: { type: 'page_id', page_id: pageId },
      discussion_id: `${pageId.slice(0, 24)}${String(800 + n).padStart(12, '0')}`,
      created_time: at,
      last_edited_time: at,
      created_by: { object: 'user', id: 'c7c11cca-1d73-471d-9b6e-bdef51470190' },
      rich_text: [plain(`Comment ${n}: the reconciliation needs a second pair of eyes`)],
      display_name: { type: 'user', resolved_name: 'Ada' },
    };
  });
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
    databases: [],
    comments: new Map(),
    commentsReadable: true,
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
        const body = JSON.parse(raw || '{}') as { start_cursor?: string; page_size?: number; filter?: { value?: string } };
        const size = body.page_size ?? 100;
        const offset = body.start_cursor ? Number(body.start_cursor.replace('cursor-', '')) : 0;
        const all: unknown[] =
          body.filter?.value === 'data_source'
            ? api.databases.map((database) => database.source)
            : api.pages.map(({ blocks: _blocks, ...page }) => page);
        const results = all.slice(offset, offset + size);
        const more = offset + size < all.length;
        return send(200, {
          object: 'list',
          results,
          next_cursor: more ? `cursor-${offset + size}` : null,
          has_more: more,
          type: 'page_or_database',
          page_or_database: {},
        });
      }
      const databaseId = /^\/v1\/databases\/([^/]+)$/.exec(url.pathname)?.[1];
      if (databaseId && request.method === 'GET') {
        const found = api.databases.find((candidate) => candidate.database.id === databaseId);
        if (found) return send(200, found.database);
        return send(404, {
          object: 'error',
          status: 404,
          code: 'object_not_found',
          message: `Could not find database with ID: ${databaseId}.`,
        });
      }
      const sourceId = /^\/v1\/data_sources\/([^/]+)\/query$/.exec(url.pathname)?.[1];
      if (sourceId && request.method === 'POST') {
        const found = api.databases.find((candidate) => candidate.source.id === sourceId);
        if (!found)
          return send(404, {
            object: 'error',
            status: 404,
            code: 'object_not_found',
            message: `Could not find data source with ID: ${sourceId}.`,
          });
        const body = JSON.parse(raw || '{}') as {
          start_cursor?: string;
          page_size?: number;
          filter?: { timestamp?: string; last_edited_time?: { on_or_after?: string } };
        };
        const after = Date.parse(body.filter?.last_edited_time?.on_or_after ?? '1970-01-01T00:00:00Z');
        const rows = found.rows.filter((row) => Date.parse(row.last_edited_time) >= after).map(({ blocks: _blocks, ...row }) => row);
        const size = body.page_size ?? 100;
        const offset = body.start_cursor ? Number(body.start_cursor.replace('rows-', '')) : 0;
        const more = offset + size < rows.length;
        return send(200, {
          object: 'list',
          results: rows.slice(offset, offset + size),
          next_cursor: more ? `rows-${offset + size}` : null,
          has_more: more,
          type: 'page_or_data_source',
          page_or_data_source: {},
        });
      }
      if (url.pathname === '/v1/comments' && request.method === 'GET') {
        if (!api.commentsReadable)
          return send(403, {
            object: 'error',
            status: 403,
            code: 'restricted_resource',
            message: 'Insufficient permissions for this endpoint.',
          });
        const comments = api.comments.get(url.searchParams.get('block_id') ?? '') ?? [];
        const size = Number(url.searchParams.get('page_size') ?? 100);
        const offset = Number((url.searchParams.get('start_cursor') ?? 'comments-0').replace('comments-', ''));
        const more = offset + size < comments.length;
        return send(200, {
          object: 'list',
          results: comments.slice(offset, offset + size),
          next_cursor: more ? `comments-${offset + size}` : null,
          has_more: more,
          type: 'comment',
          comment: {},
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
        const page = [...api.pages, ...api.databases.flatMap((database) => database.rows)].find(
          (candidate) => candidate.id === children[1],
        );
        return send(200, { object: 'list', results: page?.blocks ?? [], next_cursor: null, has_more: false, type: 'block', block: {} });
      }
      return send(404, { object: 'error', status: 404, code: 'object_not_found', message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
