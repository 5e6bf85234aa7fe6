import { linearApi } from './api/linear-api.js';
import type { PlatformModule } from '../platform-module.js';
import { linearIngest } from './webhook.js';
import { deriveTrackerKeys, trackerItemRef } from '../shared/tracker-keys.js';
import { linearLinks } from './links.js';

/** Linear: issues, comments, projects and issue relations. */
export const linear: PlatformModule = {
  name: 'linear',
  title: 'Linear',
  service: { name: 'ingest-linear', defaultPort: 7404 },
  webhookCredential: { kind: 'platform-issued', hint: "the webhook's signing secret Linear shows (Settings → API → Webhooks)" },
  redactHeaders: ['linear-signature'],
  itemRef: trackerItemRef('linear'),
  identityKey: 'user-id',
  links: linearLinks,
  textKeys: deriveTrackerKeys,
  ingest: linearIngest,
  api: linearApi,
};
