import { discordApi } from './api/discord-api.js';
import type { PlatformModule } from '../platform-module.js';
import { discordIngest } from './webhook.js';
import { discordLinks } from './links.js';
import { discordMentions } from './mentions.js';

/** Discord: channels, messages, replies and reactions. */
export const discord: PlatformModule = {
  name: 'discord',
  title: 'Discord',
  service: { name: 'ingest-discord', defaultPort: 7406 },
  webhookCredential: {
    kind: 'platform-issued',
    hint: "the application's public key (Developer Portal → General Information), 64 hex characters",
    format: { test: /^[0-9a-fA-F]{64}$/, says: "a Discord public key is 64 hex characters (the application's General Information page)" },
  },
  redactHeaders: ['x-signature-ed25519'],
  identityKey: 'user-id',
  links: discordLinks,
  mentions: discordMentions,
  ingest: discordIngest(),
  api: discordApi,
};
