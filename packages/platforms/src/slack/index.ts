import { slackApi } from './api/slack-api.js';
import type { PlatformModule } from '../platform-module.js';
import { slackIngest } from './webhook.js';
import { slackItemRef } from './ids.js';
import { slackLinks } from './links.js';
import { slackMentions } from './mentions.js';

/** Slack: channels, messages, threads and reactions. */
export const slack: PlatformModule = {
  name: 'slack',
  title: 'Slack',
  service: { name: 'ingest-slack', defaultPort: 7402 },
  webhookCredential: { kind: 'platform-issued', hint: "the Slack app's signing secret (Basic Information → App Credentials)" },
  redactHeaders: ['x-slack-signature'],
  itemRef: slackItemRef,
  identityKey: 'user-id',
  links: slackLinks,
  mentions: slackMentions,
  ingest: slackIngest,
  api: slackApi,
};
