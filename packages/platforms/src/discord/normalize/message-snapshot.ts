import type { IdentityObserved, IdentityRef, ItemSnapshot } from '@pipe/events';
import { discordContainer, discordMessageId } from '../ids.js';
import { discordMessageUrl } from '../links.js';
import type { DiscordMessage, DiscordUser } from './discord-schemas.js';

/** Discord's message type for a reply (a plain message is 0). */
export const REPLY_MESSAGE_TYPE = 19;

/** Plain messages (0) and replies (19); every other type is a system notice (joins, pins, boosts…). */
const CONVERSATION_TYPES = new Set([0, REPLY_MESSAGE_TYPE]);

/** Whether a message of this type is conversation, which Pipe stores, rather than a system notice. */
export const isConversationMessage = (type: number): boolean => CONVERSATION_TYPES.has(type);

/** How Pipe refers to a Discord user: by id, which survives renames. */
export function discordIdentityRef(user: DiscordUser): IdentityRef {
  return { platform: 'discord', externalId: user.id, handle: user.username };
}

/** The `identity.observed` data for a message's author. */
export function observedDiscordIdentity(user: DiscordUser): IdentityObserved['data'] {
  return { identity: discordIdentityRef(user), name: user.global_name ?? null, email: null, url: null };
}

/**
 * The message a reply answers. Only a reply (type 19) counts: crossposts, pins and forwards also
 * carry a `message_reference`, but they do not answer the message they point to.
 */
export function repliedMessageId(message: DiscordMessage, guildId: string): string | null {
  const reference = message.message_reference;
  if (message.type !== REPLY_MESSAGE_TYPE || !reference?.message_id) return null;
  return discordMessageId(reference.guild_id ?? guildId, reference.channel_id ?? message.channel_id, reference.message_id);
}

/** A message's title: its first line, shortened; messages have no title of their own. */
export function messageTitle(message: DiscordMessage): string {
  const firstLine = message.content.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (firstLine === '') return `Message from ${message.author.username}`;
  return firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine;
}

/**
 * The snapshot of a guild message. Its version is the time of its latest edit (or its creation),
 * so an edit replaces the original and a late-arriving original never replaces an edit.
 */
export function messageSnapshot(message: DiscordMessage, guildId: string): ItemSnapshot {
  const latest = message.edited_timestamp ?? message.timestamp;
  return {
    id: discordMessageId(guildId, message.channel_id, message.id),
    platform: 'discord',
    kind: 'message',
    title: messageTitle(message),
    titleComposed: true,
    body: message.content,
    url: discordMessageUrl(guildId, message.channel_id, message.id),
    state: null,
    container: discordContainer(guildId, message.channel_id),
    parentId: repliedMessageId(message, guildId),
    // A webhook's "author" is the webhook, not a person.
    author: message.webhook_id ? null : discordIdentityRef(message.author),
    createdAt: new Date(message.timestamp).toISOString(),
    updatedAt: new Date(latest).toISOString(),
    version: Math.max(0, Date.parse(latest)),
  };
}
