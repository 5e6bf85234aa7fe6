import type { ItemLink, PlatformLinks } from '../item-links.js';
import { trackerKeyRef } from '../shared/tracker-keys.js';
import { containerRef } from '@pipe/events';
import { jiraCommentId, jiraCommentIdPattern, jiraIssueId, jiraProjectId } from './ids.js';

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d+$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]*$/;
// A project's pages: `/browse/ACME` (what Jira redirects to the project), `/jira/software/projects/ACME/boards/1`,
// `/jira/software/c/projects/ACME/issues`, `/jira/core/projects/ACME/…`, Jira Server's `/projects/ACME/issues`,
// and the REST API's `/rest/api/2/project/ACME`.
const PROJECT_PATH = /(?:^|\/)(?:browse|projects|rest\/api\/(?:\d+|latest)\/project)\/([A-Za-z][A-Za-z0-9_]*)(?:[/?#]|$)/;
const NUMBER = /^\d+$/;
// `/rest/api/2/issue/ACME-12` and `/rest/api/3/issue/10148/comment/252789`: the `self` of payloads.
const REST_ISSUE = /\/rest\/api\/(?:\d+|latest)\/issue\/([^/]+)(?:\/comment\/([^/]+))?\/?$/;

/**
 * What a Jira URL names: a project's page (`/browse/ACME`, `/jira/software/projects/ACME/…`), the
 * issue of `/browse/ACME-12` or of a board's `?selectedIssue=ACME-12`, or a comment on it — `?focusedCommentId=10536`, `#comment-10536`, or both (older Jira adds
 * `&page=…comment-tabpanel`) —, and what the REST API's `self` URLs name (`/rest/api/2/issue/…`).
 */
function parseJiraUrl(url: URL): ItemLink | null {
  const rest = REST_ISSUE.exec(url.pathname);
  if (rest) return parseRestUrl(rest[1] as string, rest[2]);
  const key = (url.searchParams.get('selectedIssue') ?? /\/browse\/([^/?#]+)/.exec(url.pathname)?.[1])?.toUpperCase();
  if (!key || !ISSUE_KEY.test(key)) return projectLink(url);
  const issue = issueLink(key);
  const comment = url.searchParams.get('focusedCommentId') ?? /^#comment-(\d+)$/.exec(url.hash)?.[1];
  if (comment === undefined || comment === null || !NUMBER.test(comment)) return issue;
  const id = jiraCommentId(key, comment);
  return { ref: id, ids: [id], refs: [], idPatterns: [], within: { ids: issue.ids, refs: issue.refs } };
}

/** A project's page names the project (`jira:project:ACME`), the container of its issues. */
function projectLink(url: URL): ItemLink | null {
  const key = PROJECT_PATH.exec(url.pathname)?.[1]?.toUpperCase();
  if (!key || !PROJECT_KEY.test(key)) return null;
  return { ref: containerRef('jira', key), ids: [jiraProjectId(key)], refs: [], idPatterns: [] };
}

function issueLink(key: string): ItemLink {
  const ref = trackerKeyRef(key);
  return { ref, ids: [jiraIssueId(key)], refs: [ref], idPatterns: [] };
}

/** A REST URL names its issue by key or by numeric id; comment ids are unique in a site, so a comment is found without its key. */
function parseRestUrl(issue: string, comment: string | undefined): ItemLink | null {
  const key = issue.toUpperCase();
  const byKey = ISSUE_KEY.test(key);
  if (comment === undefined) return byKey ? issueLink(key) : null;
  if (!NUMBER.test(comment)) return null;
  if (!byKey) return { ref: null, ids: [], refs: [], idPatterns: [jiraCommentIdPattern(comment)] };
  const id = jiraCommentId(key, comment);
  const parent = issueLink(key);
  return { ref: id, ids: [id], refs: [], idPatterns: [], within: { ids: parent.ids, refs: parent.refs } };
}

/** Jira's links: projects, issues and their comments on `<site>.atlassian.net`, or on a self-hosted Jira by their `/browse/` or REST path. */
export const jiraLinks: PlatformLinks = {
  ownsHost: (host) => host.endsWith('.atlassian.net'),
  ownsPath: (url) =>
    url.pathname.includes('/browse/') || REST_ISSUE.test(url.pathname) || /\/rest\/api\/(?:\d+|latest)\/project\//.test(url.pathname),
  parse: parseJiraUrl,
  inText: {
    rule: 'jira-url',
    hint: '.atlassian.net/browse/',
    pattern: /https?:\/\/[A-Za-z0-9-]+\.atlassian\.net\/browse\/([A-Z][A-Z0-9_]+-\d+)/g,
  },
};

/** The page a person opens for an issue: `<site>/browse/ACME-12` (what {@link jiraLinks} parses back). */
export const jiraIssueUrl = (siteOrigin: string, key: string): string => `${siteOrigin}/browse/${key}`;

/** The link Jira copies for a comment: the issue's page, focused on it (what {@link jiraLinks} parses back). */
export const jiraCommentUrl = (issueUrl: string, commentId: string): string => `${issueUrl}?focusedCommentId=${commentId}`;

/** A project's page: `<site>/browse/ACME`, which Jira opens as the project (what {@link jiraLinks} parses back). */
export const jiraProjectUrl = (siteOrigin: string, key: string): string => `${siteOrigin}/browse/${key}`;
