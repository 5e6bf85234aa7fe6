import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIGuildTextChannel,
  type APIMessage,
  type APIUser,
  ChannelType,
  type GuildTextChannelType,
  MessageType,
  type APIChannel,
  type APIThreadChannel,
  type RESTGetAPIChannelThreadsArchivedPublicResult,
  type RESTGetAPICurrentUserGuildsResult,
  type RESTGetAPIGuildThreadsResult,
  ThreadAutoArchiveDuration,
  type ThreadChannelType,
  type RESTGetAPIGatewayBotResult,
  type RESTRateLimit,
} from 'discord-api-types/v10';

/**
 * A stand-in Discord HTTP API (v10) on a local port, answering as Discord documents it: the bot's
 * user (`/users/@me`) and guilds (`/users/@me/guilds`), a guild's channels, a channel's messages
 * newest first with `before`/`after`/`around` snowflake paging (`limit` ≤ 100), `/gateway/bot`
 * (the Gateway URL a `WebSocketManager` connects to), rate-limit headers (`X-RateLimit-*`) on every
 * answer and, on demand, a 429 with the documented JSON (`retry_after`, `global`) and `Retry-After`.
 * Errors carry Discord's JSON error codes (50001 Missing Access, 10003 Unknown Channel…).
 */
export interface FakeDiscordApi {
  /** `http://127.0.0.1:<port>/api/v10`: a connection's `--api-url`. */
  url: string;
  guilds: Map<string, FakeGuild>;
  /** Bot tokens Discord accepts; delete one to revoke it. */
  tokens: Set<string>;
  /** What `/gateway/bot` answers as `url` (a stand-in Gateway's `ws://…`). */
  gatewayUrl: string;
  /** The next `times` requests whose path matches answer 429 (`retry_after` seconds, and `Retry-After` rounded up). */
  rateLimit(path: RegExp, times: number, retryAfterSeconds?: number): void;
  /** The next requests whose path matches get these statuses (5xx storms), in order, before the real answer. */
  inject(path: RegExp, ...statuses: number[]): void;
  /** Paths served (without the query), in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
}

export interface FakeChannel {
  id: string;
  name: string;
  type: ChannelType;
  /** Oldest first. */
  messages: APIMessage[];
  /** False: the bot lacks View Channel or Read Message History here (403, code 50001). */
  readable?: boolean;
  /** A thread's channel (threads are listed by `/guilds/{id}/threads/active` and `/channels/{id}/threads/archived/public`, not with the channels). */
  parentId?: string;
  /** When an archived thread was archived (ISO); absent for an active one. */
  archivedAt?: string;
}

const THREAD_TYPES = new Set<ChannelType>([ChannelType.AnnouncementThread, ChannelType.PublicThread, ChannelType.PrivateThread]);
const isThread = (channel: FakeChannel) => THREAD_TYPES.has(channel.type);

/** The bot `/users/@me` answers with (a documented user object with `bot: true`). */
export const FAKE_DISCORD_BOT: APIUser = {
  id: '1180000000000000001',
  username: 'pipe-bot',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
};

const DISCORD_EPOCH_MS = 1_420_070_400_000n;
let increment = 0n;

const snowflakeMs = (id: string): number => Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);

/** A snowflake made at `ms`, as Discord makes them (time since its epoch in the top 42 bits). */
export function fakeSnowflake(ms: number): string {
  increment = (increment + 1n) & 0xfffn;
  return String(((BigInt(ms) - DISCORD_EPOCH_MS) << 22n) | increment);
}

/**
 * A message in the shape of Discord's documented example message (`/channels/{id}/messages`
 * answers these; a Gateway `MESSAGE_CREATE` adds `guild_id`).
 */
export function fakeDiscordMessage(channelId: string, at: Date, content: string, author?: Partial<APIUser>): APIMessage {
  return {
    id: fakeSnowflake(at.getTime()),
    channel_id: channelId,
    author: {
      id: '53908099506183680',
      username: 'Mason',
      discriminator: '9999',
      global_name: 'Mason',
      avatar: 'a_bab14f271d565501444b2ca3be944b25',
      ...author,
    },
    content,
    timestamp: at.toISOString().replace('Z', '000+00:00'),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
  };
}

/** A public thread in `parentId` of `count` messages a minute apart from `start`, archived at `archivedAt` when given. */
export function generateDiscordThread(
  id: string,
  parentId: string,
  name: string,
  count: number,
  options: { start?: Date; archivedAt?: Date } = {},
): FakeChannel {
  const thread = generateDiscordChannel(id, name, count, options.start ? { start: options.start } : {});
  return {
    ...thread,
    type: ChannelType.PublicThread,
    parentId,
    ...(options.archivedAt ? { archivedAt: options.archivedAt.toISOString() } : {}),
  };
}

/**
 * A text channel of `count` messages a minute apart from `start`; every `replyEvery`-th answers the
 * one before it (type 19 with a `message_reference`), every `systemEvery`-th is a pin notice (type 6).
 */
export function generateDiscordChannel(
  id: string,
  name: string,
  count: number,
  options: { start?: Date; replyEvery?: number; systemEvery?: number } = {},
): FakeChannel {
  const start = (options.start ?? new Date(Date.now() - 10 * 86_400_000)).getTime();
  const messages: APIMessage[] = [];
  for (let n = 0; n < count; n++) {
    const message = fakeDiscordMessage(id, new Date(start + n * 60_000), `Message ${n} in #${name}: the deploy of invoice ${n} failed`, {
      id: String(53908099506183680n + BigInt(n % 5)),
      username: `user${n % 5}`,
    });
    const previous = messages.at(-1);
    if (options.replyEvery && n % options.replyEvery === 0 && previous) {
      message.type = MessageType.Reply;
      message.message_reference = { type: 0, message_id: previous.id, channel_id: id };
    } else if (options.systemEvery && n % options.systemEvery === 0) {
      message.type = MessageType.ChannelPinnedMessage;
      message.content = '';
    }
    messages.push(message);
  }
  return { id, name, type: ChannelType.GuildText, messages };
}

export async function startFakeDiscordApi(options: { guilds?: FakeGuild[]; tokens?: string[] } = {}): Promise<FakeDiscordApi> {
  const limits: { path: RegExp; left: number; seconds: number }[] = [];
  const faults: { path: RegExp; status: number }[] = [];
  const api: FakeDiscordApi = {
    url: '',
    guilds: new Map((options.guilds ?? []).map((guild) => [guild.id, guild])),
    tokens: new Set(options.tokens ?? ['bot-token']),
    gatewayUrl: 'ws://127.0.0.1:1',
    rateLimit: (path, times, seconds = 1) => limits.push({ path, left: times, seconds }),
    inject: (path, ...statuses) => faults.push(...statuses.map((status) => ({ path, status }))),
    requests: [],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((request, response) => serve(api, limits, faults, request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v10`;
  return api;
}

/** Discord's JSON error body: `{ message, code }`. */
const error = (status: number, code: number, message: string) => ({ status, body: { message, code } });

function serve(
  api: FakeDiscordApi,
  limits: { path: RegExp; left: number; seconds: number }[],
  faults: { path: RegExp; status: number }[],
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const path = url.pathname.replace(/^\/api\/v10/, '');
  api.requests.push(path);
  const bucket = path.replace(/\d{5,}/g, ':id');
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset': String(Date.now() / 1000 + 1),
      'x-ratelimit-reset-after': '1',
      'x-ratelimit-bucket': Buffer.from(bucket).toString('hex').slice(0, 32),
      ...headers,
    });
    response.end(JSON.stringify(body));
  };
  const limit = limits.find((candidate) => candidate.left > 0 && candidate.path.test(path));
  if (limit) {
    limit.left -= 1;
    const body: RESTRateLimit = { message: 'You are being rate limited.', retry_after: limit.seconds, global: false };
    send(429, body, {
      'retry-after': String(Math.ceil(limit.seconds)),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(limit.seconds),
      'x-ratelimit-scope': 'user',
    });
    return;
  }
  const faultAt = faults.findIndex((fault) => fault.path.test(path));
  if (faultAt >= 0) {
    const [fault] = faults.splice(faultAt, 1);
    send(fault?.status ?? 500, { message: '502: Bad Gateway', code: 0 });
    return;
  }
  const token = /^Bot (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const answer =
    token && api.tokens.has(token) ? route(api, path, url.searchParams) : { status: 401, body: { message: '401: Unauthorized', code: 0 } };
  send(answer.status, answer.body);
}

function route(api: FakeDiscordApi, path: string, query: URLSearchParams): { status: number; body: unknown } {
  if (path === '/users/@me') return { status: 200, body: FAKE_DISCORD_BOT };
  if (path === '/gateway/bot') {
    const body: RESTGetAPIGatewayBotResult = {
      url: api.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    };
    return { status: 200, body };
  }
  if (path === '/users/@me/guilds') {
    const after = BigInt(query.get('after') ?? '0');
    const limit = Math.min(200, Number(query.get('limit') ?? 200));
    const body: RESTGetAPICurrentUserGuildsResult = [...api.guilds.values()]
      .filter((guild) => BigInt(guild.id) > after)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .slice(0, limit)
      .map((guild) => ({
        id: guild.id,
        name: guild.name,
        icon: null,
        banner: null,
        owner: false,
        permissions: '66560',
        features: [],
      }));
    return { status: 200, body };
  }
  const guildChannels = /^\/guilds\/(\d+)\/channels$/.exec(path);
  if (guildChannels) {
    const guild = api.guilds.get(guildChannels[1] ?? '');
    if (!guild) return error(404, 10004, 'Unknown Guild');
    const channels = guild.channels.filter((channel) => !isThread(channel));
    return { status: 200, body: channels.map((channel, position) => channelObject(guild, channel, position)) };
  }
  const activeThreads = /^\/guilds\/(\d+)\/threads\/active$/.exec(path);
  if (activeThreads) {
    const guild = api.guilds.get(activeThreads[1] ?? '');
    if (!guild) return error(404, 10004, 'Unknown Guild');
    const threads = guild.channels.filter((channel) => isThread(channel) && !channel.archivedAt);
    const body: RESTGetAPIGuildThreadsResult = { threads: threads.map((thread) => threadObject(guild, thread) as APIChannel), members: [] };
    return { status: 200, body };
  }
  const archived = /^\/channels\/(\d+)\/threads\/archived\/public$/.exec(path);
  if (archived) {
    const found = findChannel(api, archived[1] ?? '');
    if (!found) return error(404, 10003, 'Unknown Channel');
    if (found.channel.readable === false) return error(403, 50001, 'Missing Access');
    const before = query.get('before') ? Date.parse(query.get('before') as string) : Number.POSITIVE_INFINITY;
    const limit = Math.min(100, Number(query.get('limit') ?? 50));
    const threads = found.guild.channels
      .filter((channel) => channel.parentId === found.channel.id && channel.type !== ChannelType.PrivateThread && channel.archivedAt)
      .filter((thread) => Date.parse(thread.archivedAt as string) < before)
      .sort((a, b) => Date.parse(b.archivedAt as string) - Date.parse(a.archivedAt as string));
    const body: RESTGetAPIChannelThreadsArchivedPublicResult = {
      threads: threads.slice(0, limit).map((thread) => threadObject(found.guild, thread) as APIChannel),
      members: [],
      has_more: threads.length > limit,
    };
    return { status: 200, body };
  }
  const channelPath = /^\/channels\/(\d+)(\/messages)?$/.exec(path);
  if (channelPath) {
    const found = findChannel(api, channelPath[1] ?? '');
    if (!found) return error(404, 10003, 'Unknown Channel');
    if (found.channel.readable === false) return error(403, 50001, 'Missing Access');
    if (!channelPath[2])
      return { status: 200, body: channelObject(found.guild, found.channel, found.guild.channels.indexOf(found.channel)) };
    return { status: 200, body: messagePage(found.channel.messages, query) };
  }
  return error(404, 0, '404: Not Found');
}

function findChannel(api: FakeDiscordApi, id: string): { guild: FakeGuild; channel: FakeChannel } | null {
  for (const guild of api.guilds.values()) {
    const channel = guild.channels.find((candidate) => candidate.id === id);
    if (channel) return { guild, channel };
  }
  return null;
}

function channelObject(
  guild: FakeGuild,
  channel: FakeChannel,
  position: number,
): APIGuildTextChannel<GuildTextChannelType> | APIThreadChannel {
  if (isThread(channel)) return threadObject(guild, channel);
  return {
    id: channel.id,
    type: channel.type as GuildTextChannelType,
    guild_id: guild.id,
    name: channel.name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    parent_id: null,
    last_message_id: channel.messages.at(-1)?.id ?? null,
    rate_limit_per_user: 0,
  };
}

/** A thread as the thread listings and `GET /channels/{id}` give it. */
function threadObject(guild: FakeGuild, channel: FakeChannel): APIThreadChannel {
  return {
    id: channel.id,
    type: channel.type as ThreadChannelType,
    guild_id: guild.id,
    name: channel.name,
    ...(channel.parentId ? { parent_id: channel.parentId } : {}),
    last_message_id: channel.messages.at(-1)?.id ?? null,
    rate_limit_per_user: 0,
    message_count: channel.messages.length,
    member_count: 1,
    owner_id: '53908099506183680',
    thread_metadata: {
      archived: channel.archivedAt !== undefined,
      auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
      archive_timestamp: channel.archivedAt ?? new Date(snowflakeMs(channel.id)).toISOString(),
      locked: false,
    },
  };
}

/** Discord's paging: `before` the newest older ones, `after` the oldest newer ones, `around` both sides; always newest first. */
function messagePage(messages: APIMessage[], query: URLSearchParams): APIMessage[] {
  const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
  const id = (message: APIMessage) => BigInt(message.id);
  let page: APIMessage[];
  if (query.get('after')) {
    const after = BigInt(query.get('after') as string);
    page = messages.filter((message) => id(message) > after).slice(0, limit);
  } else if (query.get('around')) {
    const around = BigInt(query.get('around') as string);
    const at = messages.findIndex((message) => id(message) >= around);
    const from = Math.max(0, (at < 0 ? messages.length : at) - Math.floor(limit / 2));
    page = messages.slice(from, from + limit);
  } else {
    const before = query.get('before') ? BigInt(query.get('before') as string) : null;
    const older = before === null ? messages : messages.filter((message) => id(message) < before);
    page = older.slice(Math.max(0, older.length - limit));
  }
  return [...page].sort((a, b) => (id(a) < id(b) ? 1 : -1));
}
