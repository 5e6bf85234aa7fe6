import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Slack Web API on a local port, answering as Slack documents it (`{ ok, … }`, form-encoded
 * POSTs, `response_metadata.next_cursor` paging, 429 with `Retry-After`): `auth.test`,
 * `conversations.list`, `conversations.history` and `conversations.replies`.
 */
export interface FakeSlackApi {
  /** `http://127.0.0.1:<port>/api`: a connection's `--api-url`. */
  url: string;
  /** Messages per channel id, oldest first (replies carry `thread_ts`). */
  channels: Map<string, FakeSlackMessage[]>;
  tokens: Set<string>;
  /** The next calls of `method` answer 429 with `Retry-After: 1` this many times. */
  rateLimit(method: string, times: number): void;
  close(): Promise<void>;
}

export interface FakeSlackMessage {
  type: 'message';
  /** `tombstone`: a deleted thread root that still has replies, as history shows it. */
  subtype?: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
  reply_count?: number;
  edited?: { user: string; ts: string };
}

/** A channel of `count` messages a minute apart from `start`; every `threadEvery`-th has `replies` replies. */
export function generateSlackChannel(
  count: number,
  options: { start?: Date; threadEvery?: number; replies?: number } = {},
): FakeSlackMessage[] {
  const start = Math.floor((options.start ?? new Date(Date.now() - 10 * 86_400_000)).getTime() / 1000);
  const messages: FakeSlackMessage[] = [];
  for (let n = 0; n < count; n++) {
    const ts = `${start + n * 60}.${String(n).padStart(6, '0')}`;
    const threaded = options.threadEvery && n % options.threadEvery === 0;
    messages.push({
      type: 'message',
      user: `U0${n % 7}`,
      text: `Message ${n}: the deploy of invoice ${n} failed`,
      ts,
      ...(threaded ? { thread_ts: ts, reply_count: options.replies ?? 0 } : {}),
    });
    if (threaded)
      for (let r = 1; r <= (options.replies ?? 0); r++)
        messages.push({
          type: 'message',
          user: 'U09',
          text: `Reply ${r} to ${n}`,
          ts: `${start + n * 60 + r}.${String(n).padStart(6, '0')}`,
          thread_ts: ts,
        });
  }
  return messages;
}

export async function startFakeSlackApi(
  options: { channels?: Record<string, FakeSlackMessage[]>; tokens?: string[] } = {},
): Promise<FakeSlackApi> {
  const channels = new Map(Object.entries(options.channels ?? {}));
  const tokens = new Set(options.tokens ?? ['xoxb-fixture']);
  const limits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const params = new URLSearchParams(raw);
      const send = (body: unknown, status = 200, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(JSON.stringify(body));
      };
      const limited = limits.get(method) ?? 0;
      if (limited > 0) {
        limits.set(method, limited - 1);
        return send({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': '1' });
      }
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? params.get('token');
      if (!token || !tokens.has(token)) return send({ ok: false, error: 'invalid_auth' });
      const page = <T>(all: T[], key: string) => {
        const limit = Number(params.get('limit') ?? 100);
        const offset = Number(
          params.get('cursor')
            ? Buffer.from(params.get('cursor') as string, 'base64')
                .toString()
                .replace('offset:', '')
            : 0,
        );
        const next = offset + limit < all.length ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
        return { ok: true, [key]: all.slice(offset, offset + limit), has_more: next !== '', response_metadata: { next_cursor: next } };
      };
      const oldest = Number(params.get('oldest') ?? 0);
      const messages = channels.get(params.get('channel') ?? '');
      switch (method) {
        case 'auth.test':
          return send({
            ok: true,
            url: 'https://acme.slack.com/',
            team: 'Acme',
            user: 'pipebot',
            team_id: 'T0ACME',
            user_id: 'U0BOT',
            bot_id: 'B0BOT',
          });
        case 'conversations.list':
          return send(
            page(
              [...channels.keys()].map((id) => ({ id, name: id.toLowerCase(), is_channel: true, is_member: true, is_archived: false })),
              'channels',
            ),
          );
        case 'conversations.history': {
          if (!messages) return send({ ok: false, error: 'channel_not_found' });
          // Newest first, top-level messages and thread roots only, as Slack answers.
          const top = messages.filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && Number(m.ts) >= oldest).reverse();
          return send(page(top, 'messages'));
        }
        case 'conversations.replies': {
          if (!messages) return send({ ok: false, error: 'channel_not_found' });
          const thread = params.get('ts');
          return send(
            page(
              messages.filter((m) => m.thread_ts === thread && Number(m.ts) >= oldest),
              'messages',
            ),
          );
        }
        default:
          return send({ ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    channels,
    tokens,
    rateLimit: (method, times) => limits.set(method, times),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
