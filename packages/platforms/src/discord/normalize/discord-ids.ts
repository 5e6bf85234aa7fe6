/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes count milliseconds from it. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

export { discordMessageId } from '../ids.js';

/** The channel as items name their container: `<guild>/<channel>`. */
export const discordContainer = (guildId: string, channelId: string): string => `${guildId}/${channelId}`;

/** The link a person opens in Discord. */
export const discordMessageUrl = (guildId: string, channelId: string, messageId: string): string =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

/** When a snowflake was made, in epoch milliseconds (Discord ids embed their creation time). */
export function snowflakeTime(snowflake: string): number {
  return Number((BigInt(snowflake) >> 22n) + DISCORD_EPOCH_MS);
}
