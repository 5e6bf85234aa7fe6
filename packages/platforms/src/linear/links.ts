import type { ItemLink, PlatformLinks } from '../item-links.js';
import { trackerKeyRef } from '../shared/tracker-keys.js';
import { containerRef } from '@pipe/events';
import { linearCommentId, linearCommentIdPattern, linearIssueId, linearTeamId } from './ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What a linear.app URL names: the issue of `/<workspace>/issue/ENG-42/<slug>`, or a comment on it
 * (`#comment-7ea08b2c`). Linear's comment links carry the first eight hex digits of the comment's
 * id, unique among the issue's comments, so the comment is found among that issue's by prefix
 * (or exactly, when the fragment is a whole id).
 */
function parseLinearUrl(url: URL): ItemLink | null {
  const match = /\/issue\/([A-Za-z][A-Za-z0-9_]*-\d+)/i.exec(url.pathname);
  if (!match?.[1]) return teamLink(url);
  const identifier = match[1].toUpperCase();
  const ref = trackerKeyRef(identifier);
  const issue: ItemLink = { ref, ids: [linearIssueId(identifier)], refs: [ref], idPatterns: [] };
  const fragment = /^#comment-([0-9a-f-]+)$/i.exec(url.hash)?.[1]?.toLowerCase();
  if (!fragment) return issue;
  const within = { ids: issue.ids, refs: issue.refs };
  const childPatterns = [{ parentId: linearIssueId(identifier), idPattern: linearCommentIdPattern(fragment) }];
  if (UUID.test(fragment)) {
    const id = linearCommentId(fragment);
    return { ref: id, ids: [id], refs: [], idPatterns: [], childPatterns, within };
  }
  return { ref: null, ids: [], refs: [], idPatterns: [], childPatterns, within };
}

/**
 * A team's pages (`/<workspace>/team/ENG`, and its views: `/team/ENG/active`, `/all`, `/backlog`,
 * `/triage`…) name the team, the container of its issues. A project's page names the project by a
 * short slug id, not its id: it opens through the project's own `url`.
 */
function teamLink(url: URL): ItemLink | null {
  const key = /^\/[^/]+\/team\/([A-Za-z][A-Za-z0-9_]*)(?:\/|$)/.exec(url.pathname)?.[1]?.toUpperCase();
  if (!key) return null;
  return { ref: containerRef('linear', key), ids: [linearTeamId(key)], refs: [], idPatterns: [] };
}

/** Linear's links: teams, issues and their comments on linear.app. */
export const linearLinks: PlatformLinks = {
  ownsHost: (host) => host === 'linear.app',
  parse: parseLinearUrl,
  inText: {
    rule: 'linear-url',
    hint: 'linear.app/',
    pattern: /https?:\/\/linear\.app\/[A-Za-z0-9_-]+\/issue\/([A-Z][A-Z0-9_]+-\d+)/gi,
  },
};

/** A team's page: `https://linear.app/<workspace>/team/<KEY>` (what {@link linearLinks} parses back). */
export const linearTeamUrl = (workspace: string, key: string): string => `https://linear.app/${workspace}/team/${key}`;

/** The workspace (its URL key) a linear.app URL is in (`acme` of `https://linear.app/acme/issue/…`), or null. */
export function linearWorkspaceOf(url: string | null | undefined): string | null {
  const match = /^https:\/\/linear\.app\/([A-Za-z0-9_-]+)\/(?:issue|team|project)\//.exec(url ?? '');
  return match?.[1] ?? null;
}
