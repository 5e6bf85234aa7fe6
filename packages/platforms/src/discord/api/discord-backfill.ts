import type { REST } from '@discordjs/rest';
import {
  type APIChannel,
  type APIMessage,
  type APIThreadChannel,
  ChannelType,
  type RESTGetAPIChannelThreadsArchivedPublicResult,
  type RESTGetAPICurrentUserGuildsResult,
  type RESTGetAPIGuildChannelsResult,
  type RESTGetAPIGuildThreadsResult,
  Routes,
} from 'discord-api-types/v10';
import { DERIVED_CONTAINER_VERSION } from '../../kit/container.js';
import {
  ApiCredentialError,
  type BackfillContext,
  type BackfillPage,
  type BackfillPlan,
  type SyncedRecord,
} from '../../kit/platform-api.js';
import { discordChannelId, discordMessageId, snowflakeAt } from '../ids.js';
import { isConversationMessage } from '../normalize/message-snapshot.js';
import { createDiscordRest, discordError, isMissingAccess } from './discord-rest.js';

/** The most messages Discord returns in one page. */
const PAGE = 100;
/** How many guilds `/users/@me/guilds` returns at most per page. */
const GUILD_PAGE = 200;
/** A guild id, or `<guild id>/<channel id>`. */
const SCOPE = /^(\d{17,20})(?:\/(\d{17,20}))?$/;
/** The channels whose messages a backfill reads besides threads: text and announcement channels (voice channels' chats are not read). */
const TEXT_CHANNELS = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
/** The channels threads start in: their public archived threads are read too. */
const THREAD_PARENTS = new Set<ChannelType>([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
]);
/** A channel as `GET /guilds/{id}/channels` lists it. */
type GuildChannel = RESTGetAPIGuildChannelsResult[number];

const ACCESS_HINT = 'invite the bot to the server and give it View Channels and Read Message History there';

/**
 * Where a scope's backfill stands: the channels still to read (the one being read first), and the
 * newest message read in it — Discord pages by snowflake, so `after` that id reads on from it.
 */
export interface DiscordCursor {
  guildId: string;
  channels: string[];
  /** The newest message id read in `channels[0]`, or null to start at the window's start. */
  after: string | null;
}

/**
 * A Discord scope's backfill through `@discordjs/rest` (its rate-limit queue waits out 429s and
 * bucket limits): for a guild, every text and announcement channel (`GET /guilds/{id}/channels`)
 * and every thread active or archived inside the window (a channel the bot may not read — 403
 * Missing Access — is passed over), for `<guild>/<channel>` that channel or thread; per channel, the messages created since the window's start, oldest first
 * (`GET /channels/{id}/messages?after=<snowflake>`, pages of 100). Each channel is a record too
 * (its name and topic); each plain message or reply a record versioned by its last edit.
 */
export const discordBackfill: BackfillPlan = {
  // A channel's history lists every message posted since the window's start (`after` the window's
  // snowflake), whenever it was edited: complete, with the window on posting. A channel scope's
  // messages carry the scope as their container. A server scope removes nothing: its items carry
  // `<server>/<channel>`, never the server id, on purpose — a channel the bot lost access to is
  // passed over, and its messages would look deleted.
  listing: { kinds: ['message'], containers: (scope) => ({ is: scope }), window: 'posted' },
  scopeHint: 'server ids (every text channel the bot reads there), or <server id>/<channel id> for one channel',
  scopeProblem: (scope) =>
    SCOPE.test(scope)
      ? null
      : `'${scope}' is not a Discord scope: a server id, or <server id>/<channel id> (Developer Mode on, then right-click → Copy Server ID / Copy Channel ID)`,

  async scopes(credential, signal) {
    const rest = await createDiscordRest(credential);
    const guilds: string[] = [];
    let after = '0';
    try {
      for (;;) {
        const page = (await rest.get(Routes.userGuilds(), {
          query: new URLSearchParams({ limit: String(GUILD_PAGE), after }),
          signal,
        })) as RESTGetAPICurrentUserGuildsResult;
        guilds.push(...page.map((guild) => guild.id));
        const last = page.at(-1);
        if (page.length < GUILD_PAGE || !last) return guilds;
        after = last.id;
      }
    } catch (error) {
      throw discordError(error, 'the servers the bot is in (/users/@me/guilds)', ACCESS_HINT);
    }
  },

  pages: (context) => scopePages(context),
};

async function* scopePages(context: BackfillContext): AsyncGenerator<BackfillPage> {
  const rest = await createDiscordRest(context.credential);
  const [, guildId = '', channelId] = SCOPE.exec(context.scope) ?? [];
  const signal = context.signal;
  // Read again on a resumed job too (one request): a channel's record goes out with its first page.
  const channels = new Map((await readChannels(rest, guildId, channelId, context.since, signal)).map((channel) => [channel.id, channel]));
  let cursor = (context.cursor as DiscordCursor | null) ?? { guildId, channels: [...channels.keys()], after: null };
  const floor = snowflakeAt(context.since.getTime());
  while (cursor.channels.length > 0 && !signal.aborted) {
    const [channel = '', ...later] = cursor.channels;
    let messages: APIMessage[];
    try {
      messages = (await rest.get(Routes.channelMessages(channel), {
        query: new URLSearchParams({ limit: String(PAGE), after: cursor.after ?? floor }),
        signal,
      })) as APIMessage[];
    } catch (error) {
      // Within a server, a channel the bot may not read is passed over (and not recorded); a named channel is the job's whole point.
      if (!channelId && isMissingAccess(error)) {
        cursor = { guildId, channels: later, after: null };
        continue;
      }
      throw discordError(error, `the messages of channel ${channel}`, ACCESS_HINT);
    }
    const listed = channels.get(channel);
    const records = [
      ...(cursor.after === null && listed ? [channelRecord(guildId, listed)] : []),
      ...messages.filter((message) => isConversationMessage(message.type)).map((message) => messageRecord(guildId, message)),
    ];
    // Newest first, as Discord answers every page.
    const newest = messages[0]?.id;
    cursor =
      messages.length < PAGE || !newest ? { guildId, channels: later, after: null } : { guildId, channels: cursor.channels, after: newest };
    yield { records, cursor: cursor.channels.length > 0 ? cursor : null };
  }
}

/** The channels a scope covers: the one it names, or the server's text and announcement channels in the order Discord shows them. */
async function readChannels(
  rest: REST,
  guildId: string,
  channelId: string | undefined,
  since: Date,
  signal: AbortSignal,
): Promise<GuildChannel[]> {
  if (channelId) {
    let channel: APIChannel;
    try {
      channel = (await rest.get(Routes.channel(channelId), { signal })) as APIChannel;
    } catch (error) {
      throw discordError(error, `channel ${channelId}`, ACCESS_HINT);
    }
    if (!('guild_id' in channel) || channel.guild_id !== guildId)
      throw new ApiCredentialError(
        'NOT_FOUND',
        `Discord channel ${channelId} is not in server ${guildId}: the scope is <server id>/<channel id>`,
      );
    return [channel as GuildChannel];
  }
  let channels: GuildChannel[];
  try {
    channels = (await rest.get(Routes.guildChannels(guildId), { signal })) as RESTGetAPIGuildChannelsResult;
  } catch (error) {
    throw discordError(error, `the channels of server ${guildId}`, ACCESS_HINT);
  }
  const position = (channel: GuildChannel) => (channel as { position?: number }).position ?? 0;
  const text = channels.filter((channel) => TEXT_CHANNELS.has(channel.type)).sort((a, b) => position(a) - position(b));
  const parents = channels.filter((channel) => THREAD_PARENTS.has(channel.type)).map((channel) => channel.id);
  return [...text, ...(await readThreads(rest, guildId, parents, since, signal))];
}

/**
 * A server's threads that may hold messages posted in the window: the active ones
 * (`GET /guilds/{id}/threads/active`) and, per channel that has threads (text, announcement,
 * forum, media), the public ones archived since the window's start
 * (`GET /channels/{id}/threads/archived/public`, newest archive first, `before` paging) — a thread
 * archived before the window's start has no message posted inside it. A channel the bot may not read is passed over.
 */
async function readThreads(rest: REST, guildId: string, parents: string[], since: Date, signal: AbortSignal): Promise<GuildChannel[]> {
  const threads = new Map<string, GuildChannel>();
  try {
    const active = (await rest.get(Routes.guildActiveThreads(guildId), { signal })) as RESTGetAPIGuildThreadsResult;
    for (const thread of active.threads) threads.set(thread.id, thread as GuildChannel);
  } catch (error) {
    throw discordError(error, `the active threads of server ${guildId}`, ACCESS_HINT);
  }
  for (const parent of parents) {
    let before: string | undefined;
    for (;;) {
      let page: RESTGetAPIChannelThreadsArchivedPublicResult;
      try {
        page = (await rest.get(Routes.channelThreads(parent, 'public'), {
          query: new URLSearchParams({ limit: String(PAGE), ...(before ? { before } : {}) }),
          signal,
        })) as RESTGetAPIChannelThreadsArchivedPublicResult;
      } catch (error) {
        if (isMissingAccess(error)) break;
        throw discordError(error, `the archived threads of channel ${parent}`, ACCESS_HINT);
      }
      let older = false;
      for (const thread of page.threads) {
        const archivedAt = (thread as APIThreadChannel).thread_metadata?.archive_timestamp;
        if (archivedAt && Date.parse(archivedAt) < since.getTime()) older = true;
        else threads.set(thread.id, thread as GuildChannel);
        before = archivedAt ?? before;
      }
      if (older || !page.has_more || page.threads.length === 0) break;
    }
  }
  return [...threads.values()];
}

function channelRecord(guildId: string, channel: GuildChannel): SyncedRecord {
  return {
    resource: 'channel',
    body: { record: channel, context: { guildId } },
    itemId: discordChannelId(guildId, channel.id),
    version: DERIVED_CONTAINER_VERSION,
  };
}

function messageRecord(guildId: string, message: APIMessage): SyncedRecord {
  return {
    resource: 'message',
    // REST messages carry no guild_id (Gateway ones do): the context says where the message is.
    body: { record: message, context: { guildId } },
    itemId: discordMessageId(guildId, message.channel_id, message.id),
    version: Math.max(0, Date.parse(message.edited_timestamp ?? message.timestamp)),
  };
}
