import { githubApi } from './api/github-api.js';
import type { PlatformModule } from '../platform-module.js';
import { githubItemRef } from './ids.js';
import { githubLinks } from './links.js';
import { deriveGithubReferences, githubMentions } from './references.js';
import { githubIngest } from './webhook.js';

/** GitHub: repositories, issues, pull requests, reviews, commits and releases. */
export const github: PlatformModule = {
  name: 'github',
  title: 'GitHub',
  askedAs: ['gh'],
  service: { name: 'ingest-github', defaultPort: 7401 },
  webhookCredential: { kind: 'generated' },
  redactHeaders: ['x-hub-signature-256', 'x-hub-signature'],
  itemRef: githubItemRef,
  identityKey: 'login',
  links: githubLinks,
  references: deriveGithubReferences,
  mentions: githubMentions,
  ingest: githubIngest,
  api: githubApi,
};
