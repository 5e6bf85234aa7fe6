import { githubNumberRef, slackMessageRef, trackerKeyRef } from '@pipe/events';

/**
 * What a platform URL can name, most specific first: an exact item id, a reference (`ref`, for
 * links that do not say which of several kinds they name), or an id pattern (for URLs that leave
 * part of the id out, such as a Slack link without the workspace id or an abbreviated commit).
 * The item's own `url` column is always tried as well, so any platform whose URLs are not
 * understood here still resolves when the URL is the item's canonical one.
 */
export interface UrlLookup {
  ids: string[];
  refs: string[];
  /** SQL LIKE patterns over the id (`%` and `_` in the URL parts are escaped). */
  idPatterns: string[];
}

const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function github(url: URL): UrlLookup | null {
  const [owner, repo, section, number, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!owner || !repo) return null;
  const full = `${owner}/${repo}`;
  const hash = url.hash;
  if ((section === 'issues' || section === 'pull') && number && /^\d+$/.test(number)) {
    const n = Number(number);
    const comment = /^#issuecomment-(\d+)$/.exec(hash);
    if (comment) return { ids: [`github:comment:${full}#${n}/${comment[1]}`], refs: [], idPatterns: [] };
    const review = /^#pullrequestreview-(\d+)$/.exec(hash);
    if (review) return { ids: [`github:review:${full}#${n}/${review[1]}`], refs: [], idPatterns: [] };
    const kind = section === 'pull' ? 'pull_request' : 'issue';
    // `/pull/8/commits/<sha>` names a commit of the PR.
    if (section === 'pull' && rest[0] === 'commits' && rest[1]) return commit(full, rest[1]);
    return { ids: [`github:${kind}:${full}#${n}`], refs: [githubNumberRef(full, n)], idPatterns: [] };
  }
  if (section === 'commit' && number) return commit(full, number);
  if (section === undefined) return { ids: [`github:repository:${full}`], refs: [], idPatterns: [] };
  return null;
}

function commit(repo: string, sha: string): UrlLookup | null {
  if (!/^[0-9a-f]{7,40}$/i.test(sha)) return null;
  const id = `github:commit:${repo}@${sha.toLowerCase()}`;
  return sha.length === 40 ? { ids: [id], refs: [], idPatterns: [] } : { ids: [], refs: [], idPatterns: [`${likeEscape(id)}%`] };
}

const TRACKER_KEY = /\b([A-Z][A-Z0-9_]*-\d+)\b/;

function jira(url: URL): UrlLookup | null {
  const key = url.searchParams.get('selectedIssue') ?? /\/browse\/([^/?#]+)/.exec(url.pathname)?.[1];
  if (!key || !TRACKER_KEY.test(key.toUpperCase())) return null;
  return { ids: [`jira:issue:${key.toUpperCase()}`], refs: [trackerKeyRef(key)], idPatterns: [] };
}

function linear(url: URL): UrlLookup | null {
  const match = /\/issue\/([A-Za-z][A-Za-z0-9_]*-\d+)/.exec(url.pathname);
  if (!match?.[1]) return null;
  return { ids: [`linear:issue:${match[1].toUpperCase()}`], refs: [trackerKeyRef(match[1])], idPatterns: [] };
}

function slack(url: URL): UrlLookup | null {
  // https://acme.slack.com/archives/C2/p1700000000000100 → message ts 1700000000.000100 in C2.
  const match = /\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(url.pathname);
  if (!match) return null;
  const [, channel, seconds, micros] = match;
  const ts = `${seconds}.${micros}`;
  return {
    ids: [],
    refs: [slackMessageRef(channel ?? '', ts)],
    idPatterns: [`slack:message:%/${likeEscape(channel ?? '')}/${ts}`, `slack:thread:%/${likeEscape(channel ?? '')}/${ts}`],
  };
}

function notion(url: URL): UrlLookup | null {
  // The page id is the last 32 hex digits of the path (`Title-<id>`), written with or without dashes.
  const hex = /([0-9a-f]{32})$/i.exec(url.pathname.replace(/-/g, ''))?.[1]?.toLowerCase();
  if (!hex) return null;
  const dashed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { ids: [], refs: [], idPatterns: [`notion:%:${dashed}`, `notion:%:${hex}`] };
}

function discord(url: URL): UrlLookup | null {
  const match = /^\/channels\/(\d+|@me)\/(\d+)(?:\/(\d+))?/.exec(url.pathname);
  if (!match) return null;
  const [, guild, channel, message] = match;
  return message
    ? { ids: [], refs: [], idPatterns: [`discord:%:${guild}/${channel}/${message}`, `discord:%:%${message}`] }
    : { ids: [], refs: [], idPatterns: [`discord:channel:${guild}/${channel}`, `discord:%:${channel}`] };
}

/**
 * How to find the item a platform URL names (GitHub, Jira, Linear, Slack, Notion, Discord), or
 * null when the text is not an http(s) URL. An unrecognised URL of a known host still returns a
 * lookup (empty), so the `url` column is tried.
 */
export function lookupForUrl(text: string): UrlLookup | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase();
  const empty: UrlLookup = { ids: [], refs: [], idPatterns: [] };
  if (host === 'github.com' || host === 'www.github.com') return github(url) ?? empty;
  if (host.endsWith('.atlassian.net') || url.pathname.includes('/browse/')) return jira(url) ?? empty;
  if (host === 'linear.app') return linear(url) ?? empty;
  if (host.endsWith('.slack.com')) return slack(url) ?? empty;
  if (host === 'notion.so' || host.endsWith('.notion.so') || host.endsWith('.notion.site')) return notion(url) ?? empty;
  if (host === 'discord.com' || host === 'discordapp.com') return discord(url) ?? empty;
  return empty;
}
