export { normalizeDiscordDelivery } from './normalize-discord-delivery.js';
export type { DiscordDelivery } from './discord-delivery.js';
export { snowflakeTime } from '../ids.js';
