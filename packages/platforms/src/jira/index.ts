import { jiraApi } from './api/jira-api.js';
import type { PlatformModule } from '../platform-module.js';
import { jiraIngest } from './webhook.js';
import { deriveTrackerKeys, trackerItemRef } from '../shared/tracker-keys.js';
import { jiraLinks } from './links.js';
import { jiraMentions } from './mentions.js';

/** Jira: issues, comments and issue links. */
export const jira: PlatformModule = {
  name: 'jira',
  title: 'Jira',
  service: { name: 'ingest-jira', defaultPort: 7403 },
  webhookCredential: { kind: 'generated' },
  redactHeaders: ['x-hub-signature', 'x-atlassian-webhook-signature'],
  itemRef: trackerItemRef('jira'),
  identityKey: 'user-id',
  links: jiraLinks,
  textKeys: deriveTrackerKeys,
  mentions: jiraMentions,
  ingest: jiraIngest,
  api: jiraApi,
};
