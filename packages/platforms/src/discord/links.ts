import type { ItemLink, PlatformLinks } from '../item-links.js';
import { discordChannelId, discordMessageId } from './ids.js';

/**
 * What a Discord link names: `/channels/<guild>/<channel>/<message>` a message (or the thread it
 * started), `/channels/<guild>/<channel>` a channel or thread.
 */
function parseDiscordUrl(url: URL): ItemLink | null {
  const match = /^\/channels\/(\d+|@me)\/(\d+)(?:\/(\d+))?/.exec(url.pathname);
  if (!match) return null;
  const [, guild = '', channel = '', message] = match;
  return message
    ? {
        ref: discordMessageId(guild, channel, message),
        ids: [],
        refs: [],
        idPatterns: [`discord:%:${guild}/${channel}/${message}`, `discord:%:%${message}`],
      }
    : { ref: null, ids: [discordChannelId(guild, channel)], refs: [], idPatterns: [`discord:%:${channel}`] };
}

/** Discord's links: messages and channels on discord.com (also its PTB and Canary clients', and the older discordapp.com). */
export const discordLinks: PlatformLinks = {
  ownsHost: (host) => /^(?:www\.|ptb\.|canary\.)?discord(?:app)?\.com$/.test(host),
  parse: parseDiscordUrl,
  inText: {
    rule: 'discord-link',
    hint: '/channels/',
    pattern: /https?:\/\/(?:www\.|ptb\.|canary\.)?discord(?:app)?\.com\/channels\/\d+\/\d+\/\d+/g,
  },
};

/** The link a person opens in Discord. */
export const discordMessageUrl = (guildId: string, channelId: string, messageId: string): string =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

/** The link a person opens for a channel (what {@link discordLinks} parses back). */
export const discordChannelUrl = (guildId: string, channelId: string): string => `https://discord.com/channels/${guildId}/${channelId}`;
