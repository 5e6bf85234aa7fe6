export { normalizeDiscordDelivery } from './normalize-discord-delivery.js';
export { type DiscordDelivery, type DiscordNormalizeResult, type SkippedDiscordDelivery } from './discord-delivery.js';
export { DiscordPayloadError } from './discord-payload-error.js';
export { discordMessageId, snowflakeTime } from './discord-ids.js';
