import type { PlatformModule } from '../platform-module.js';

/** Jira: issues, comments and issue links. */
export const jira: PlatformModule = {
  name: 'jira',
  service: { name: 'ingest-jira', defaultPort: 7403 },
  webhookCredential: { kind: 'generated' },
  redactHeaders: ['x-hub-signature'],
};
