import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A page the fake API serves. */
export interface FakePage {
  title: string;
  paragraphs: string[];
  lastEditedTime: string;
}

/** A local HTTP server that answers like the Notion API for the two calls the fetcher makes. */
export interface FakeNotionApi {
  baseUrl: string;
  /** Every request, in order: method, path, the Authorization header, when it arrived (ms). */
  requests: { method: string; path: string; authorization: string | undefined; at: number }[];
  /** Answer the next `count` requests 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

/**
 * Serves `GET /v1/pages/:id` and `GET /v1/blocks/:id/children` in the shapes Notion documents
 * (a page object with a `title` property; a list of paragraph blocks), `401 unauthorized` for an
 * unknown token, `404 object_not_found` for an unknown page, and `429 rate_limited` with
 * `Retry-After` when told to.
 */
export async function startFakeNotionApi(pages: Record<string, FakePage>, token: string): Promise<FakeNotionApi> {
  const requests: FakeNotionApi['requests'] = [];
  let limited = 0;
  let retryAfter = 1;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, at: Date.now() });
    if (limited > 0) {
      limited -= 1;
      return send(
        res,
        429,
        { object: 'error', status: 429, code: 'rate_limited', message: 'You have been rate limited. Please try again in a few minutes.' },
        { 'retry-after': String(retryAfter) },
      );
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return send(res, 401, { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' });
    }
    const match = /^\/v1\/(pages|blocks)\/([^/]+)(\/children)?$/.exec(path);
    const page = match ? pages[match[2] as string] : undefined;
    if (!match || !page) return send(res, 404, { object: 'error', status: 404, code: 'object_not_found', message: 'Could not find page.' });
    const id = match[2] as string;
    if (match[1] === 'pages') {
      return send(res, 200, {
        object: 'page',
        id,
        created_time: page.lastEditedTime,
        last_edited_time: page.lastEditedTime,
        in_trash: false,
        url: `https://www.notion.so/${id.replaceAll('-', '')}`,
        properties: {
          title: { id: 'title', type: 'title', title: [{ type: 'text', text: { content: page.title }, plain_text: page.title }] },
        },
      });
    }
    return send(res, 200, {
      object: 'list',
      type: 'block',
      block: {},
      has_more: false,
      next_cursor: null,
      results: page.paragraphs.map((text, n) => ({
        object: 'block',
        id: `${id.slice(0, -4)}${String(n).padStart(4, '0')}`,
        type: 'paragraph',
        paragraph: { rich_text: [{ type: 'text', text: { content: text }, plain_text: text }], color: 'default' },
      })),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    rateLimitNext(count, seconds) {
      limited = count;
      retryAfter = seconds;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
