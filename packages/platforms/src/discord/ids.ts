import { itemId } from '@pipe/events';

/** `discord:message:<guild>/<channel>/<message>` (`@me` for a direct message's guild). */
export const discordMessageId = (guild: string, channel: string, message: string): string =>
  itemId('discord', 'message', `${guild}/${channel}/${message}`);
