import { notionApi } from './api/notion-api.js';
import type { PlatformModule } from '../platform-module.js';
import { notionIngest } from './webhook.js';
import { notionLinks } from './links.js';

/** Notion: pages, databases and comments. */
export const notion: PlatformModule = {
  name: 'notion',
  title: 'Notion',
  service: { name: 'ingest-notion', defaultPort: 7405 },
  webhookCredential: {
    kind: 'platform-issued',
    hint: 'the verification_token Notion sends to the webhook URL when the subscription is created',
  },
  redactHeaders: ['x-notion-signature'],
  identityKey: 'user-id',
  links: notionLinks,
  ingest: notionIngest(),
  api: notionApi,
};
