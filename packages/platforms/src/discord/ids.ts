import { itemId } from '@pipe/events';

/** `discord:message:<guild>/<channel>/<message>` (`@me` for a direct message's guild). */
export const discordMessageId = (guild: string, channel: string, message: string): string =>
  itemId('discord', 'message', `${guild}/${channel}/${message}`);

/** The channel as items name their container: `<guild>/<channel>`. */
export const discordContainer = (guildId: string, channelId: string): string => `${guildId}/${channelId}`;

/** `discord:channel:<guild>/<channel>`: the channel item, the container of its messages. */
export const discordChannelId = (guildId: string, channelId: string): string =>
  itemId('discord', 'channel', discordContainer(guildId, channelId));

/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes count milliseconds from it. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** When a snowflake was made, in epoch milliseconds (Discord ids embed their creation time). */
export function snowflakeTime(snowflake: string): number {
  return Number((BigInt(snowflake) >> 22n) + DISCORD_EPOCH_MS);
}

/** The smallest snowflake made at `ms` (epoch milliseconds): what Discord's `before`/`after` paging takes for a time. */
export function snowflakeAt(ms: number): string {
  return String((BigInt(Math.max(0, Math.floor(ms))) - DISCORD_EPOCH_MS) << 22n);
}
