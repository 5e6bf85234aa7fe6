export { discordPlatform, type DiscordPlatformOptions } from './discord-platform.js';
export { discordConfig } from './config.js';
export { discordDeliveryId } from './delivery-id.js';
export { parseDiscordPublicKeys, DiscordPublicKeyError } from './discord-public-keys.js';
export { verifyDiscordRequest, type DiscordRejection, type DiscordSignedRequest } from './verify-discord-request.js';
export { signDiscordDelivery } from './sign-discord-delivery.js';
export { normalizeDiscordDelivery, DiscordPayloadError, discordMessageId, type DiscordDelivery, type DiscordNormalizeResult } from './normalize/index.js';
