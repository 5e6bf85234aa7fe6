import type { ItemLink, PlatformLinks } from '../item-links.js';
import { trackerKeyRef } from '../shared/tracker-keys.js';
import { jiraIssueId } from './ids.js';

const ISSUE_KEY = /\b([A-Z][A-Z0-9_]*-\d+)\b/;

/** What a Jira URL names: the issue of `/browse/ACME-12` or of a board's `?selectedIssue=ACME-12`. */
function parseJiraUrl(url: URL): ItemLink | null {
  const key = url.searchParams.get('selectedIssue') ?? /\/browse\/([^/?#]+)/.exec(url.pathname)?.[1];
  if (!key || !ISSUE_KEY.test(key.toUpperCase())) return null;
  const ref = trackerKeyRef(key);
  return { ref, ids: [jiraIssueId(key.toUpperCase())], refs: [ref], idPatterns: [] };
}

/** Jira's links: issues on `<site>.atlassian.net`, or on a self-hosted Jira by their `/browse/` path. */
export const jiraLinks: PlatformLinks = {
  ownsHost: (host) => host.endsWith('.atlassian.net'),
  ownsPath: (url) => url.pathname.includes('/browse/'),
  parse: parseJiraUrl,
  inText: {
    rule: 'jira-url',
    hint: '.atlassian.net/browse/',
    pattern: /https?:\/\/[A-Za-z0-9-]+\.atlassian\.net\/browse\/([A-Z][A-Z0-9_]+-\d+)/g,
  },
};

/** The page a person opens for an issue: `<site>/browse/ACME-12` (what {@link jiraLinks} parses back). */
export const jiraIssueUrl = (siteOrigin: string, key: string): string => `${siteOrigin}/browse/${key}`;
