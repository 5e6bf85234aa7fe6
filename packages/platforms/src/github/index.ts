import type { PlatformModule } from '../platform-module.js';

/** GitHub: repositories, issues, pull requests, reviews, commits and releases. */
export const github: PlatformModule = {
  name: 'github',
  service: { name: 'ingest-github', defaultPort: 7401 },
  webhookCredential: { kind: 'generated' },
  redactHeaders: ['x-hub-signature-256', 'x-hub-signature'],
};
