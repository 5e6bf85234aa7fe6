import websocket from '@fastify/websocket';
import type { Database } from '@pipe/db';
import type { ChangeNotice, ItemChange } from '@pipe/events';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RateLimiter } from './access/rate-limit.js';
import { type Caller, authenticate } from './auth.js';
import type { AccessTokens } from './oauth/access-tokens.js';
import type { ChangeFeed } from './changes/change-feed.js';
import type { ChangeLog } from './changes/change-log.js';
import { SubscriptionSet } from './changes/subscriptions.js';
import { sendHttpError } from './http-errors.js';
import { itemAuthors } from './queries/item-authors.js';

/** What the feed needs. */
export interface FeedDeps {
  db: Kysely<Database>;
  changes: ChangeLog;
  feed: ChangeFeed;
  rateLimiter: RateLimiter;
  /** OAuth access tokens, when the gateway runs its authorization server. */
  tokens?: AccessTokens;
  /** How often an open socket's key is checked again, so a revoked key's socket closes (default 30 s). */
  recheckMs?: number;
}

/** The close code of a socket whose key was revoked (4000-4999: application codes). */
export const CLOSE_KEY_REVOKED = 4401;

const csv = z
  .string()
  .optional()
  .transform((text) =>
    text === undefined || text === ''
      ? []
      : text
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
  );

/** The feed's query: a resume cursor and the same filters as MCP subscriptions. */
const FeedQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  container: csv,
  person: csv,
  items: csv,
});

/** One message of the feed. */
export type FeedMessage =
  | { type: 'ready'; cursor: number }
  | { type: 'change'; seq: number; committedAt: string; changes: ItemChange[] }
  | { type: 'error'; message: string };

/** The key of a feed request: the Authorization header, or a `bearer.<key>` WebSocket subprotocol (browsers cannot set headers). */
function feedAuthorization(request: FastifyRequest): string | undefined {
  if (request.headers.authorization !== undefined) return request.headers.authorization;
  const protocols = request.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim()) ?? [];
  const token = protocols.find((p) => p.startsWith('bearer.'))?.slice('bearer.'.length);
  return token === undefined ? undefined : `Bearer ${token}`;
}

/**
 * `GET /feed` (WebSocket): the team's change notices for dashboards and non-MCP clients, with the
 * same auth, rate limits and filters as MCP subscriptions (`?container=`, `?person=`, `?items=`,
 * comma-separated; none = every change of the team) and the same cursor (`?after=<seq>` replays
 * from `PIPE_CHANGES`, then goes live without a gap or a repeat). A socket only ever receives its
 * key's team's notices, and closes (4401) soon after its key is revoked.
 */
export function registerWsFeed(app: FastifyInstance, deps: FeedDeps): void {
  const callers = new WeakMap<FastifyRequest, Caller>();
  const authenticator = { db: deps.db, ...(deps.tokens ? { tokens: deps.tokens } : {}) };
  app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.register(async (scoped) => {
    const requireKey = async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await authenticate(authenticator, feedAuthorization(request));
      if (!result.ok) return sendHttpError(reply, 'UNAUTHORIZED', result.message);
      const rate = deps.rateLimiter.take(result.caller.keyId);
      if (!rate.ok) {
        reply.header('retry-after', String(rate.retryAfterSeconds));
        return sendHttpError(reply, 'RATE_LIMITED', `this API key is over its request rate; retry after ${rate.retryAfterSeconds} s`);
      }
      const query = FeedQuery.safeParse(request.query);
      if (!query.success)
        return sendHttpError(
          reply,
          'BAD_REQUEST',
          `invalid feed query: ${query.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        );
      callers.set(request, result.caller);
      return undefined;
    };

    scoped.get('/feed', { websocket: true, onRequest: requireKey }, (socket, request) => {
      const caller = callers.get(request);
      if (caller === undefined) return socket.close(1011, 'unauthenticated');
      const query = FeedQuery.parse(request.query);
      const filters = new SubscriptionSet([
        ...query.container.map((c) => `pipe://containers/${encodeURIComponent(c)}`),
        ...query.person.map((p) => `pipe://people/${encodeURIComponent(p)}`),
        ...query.items.map((i) => `pipe://items/${encodeURIComponent(i)}`),
      ]);
      const send = (message: FeedMessage) => socket.send(JSON.stringify(message));
      let delivered = query.after ?? deps.feed.lastSeq;
      let replaying = query.after !== undefined;
      const held: Array<[number, ChangeNotice]> = [];

      const deliver = async (seq: number, notice: ChangeNotice) => {
        if (seq <= delivered) return;
        delivered = seq;
        let changes = notice.changes;
        if (filters.size > 0) {
          const authors = filters.wantsAuthors
            ? await itemAuthors(
                deps.db,
                caller.team,
                changes.map((c) => c.itemId),
              )
            : new Map<string, string>();
          const matched = new Set(filters.match(seq, notice, (id) => authors.get(id)).map((m) => m.index));
          changes = changes.filter((_, index) => matched.has(index));
        }
        if (changes.length > 0) send({ type: 'change', seq, committedAt: notice.committedAt, changes });
      };
      const unlisten = deps.feed.listen(caller.team, async (seq, notice) => {
        if (replaying) held.push([seq, notice]);
        else await deliver(seq, notice);
      });
      const recheck = setInterval(() => {
        void authenticate(authenticator, feedAuthorization(request)).then((result) => {
          if (!result.ok) socket.close(CLOSE_KEY_REVOKED, 'API key or token revoked or expired');
        });
      }, deps.recheckMs ?? 30_000);
      socket.on('close', () => {
        unlisten();
        clearInterval(recheck);
      });

      void (async () => {
        try {
          if (query.after !== undefined) {
            let after = query.after;
            for (;;) {
              const range = await deps.changes.read(caller.team, after, 500);
              for (const { seq, notice } of range.notices) await deliver(seq, notice);
              after = range.notices.at(-1)?.seq ?? after;
              if (!range.more || range.notices.length === 0) break;
            }
            replaying = false;
            for (const [seq, notice] of held.splice(0)) await deliver(seq, notice);
          }
          send({ type: 'ready', cursor: delivered });
        } catch (error) {
          request.log.error({ err: error }, 'feed replay failed');
          send({ type: 'error', message: 'could not replay the change log; reconnect with the last seq you received' });
          socket.close(1011, 'replay failed');
        }
      })();
      return undefined;
    });
  });
}
