import type { ItemLink, PlatformLinks } from '../item-links.js';
import { trackerKeyRef } from '../shared/tracker-keys.js';
import { linearIssueId } from './ids.js';

/** What a linear.app URL names: the issue of `/<workspace>/issue/ENG-42/<slug>`. */
function parseLinearUrl(url: URL): ItemLink | null {
  const match = /\/issue\/([A-Za-z][A-Za-z0-9_]*-\d+)/i.exec(url.pathname);
  if (!match?.[1]) return null;
  const ref = trackerKeyRef(match[1]);
  return { ref, ids: [linearIssueId(match[1].toUpperCase())], refs: [ref], idPatterns: [] };
}

/** Linear's links: issues on linear.app. */
export const linearLinks: PlatformLinks = {
  ownsHost: (host) => host === 'linear.app',
  parse: parseLinearUrl,
  inText: {
    rule: 'linear-url',
    hint: 'linear.app/',
    pattern: /https?:\/\/linear\.app\/[A-Za-z0-9_-]+\/issue\/([A-Z][A-Z0-9_]+-\d+)/gi,
  },
};
