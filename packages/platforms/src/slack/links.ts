import { type ItemLink, type PlatformLinks, likeEscape } from '../item-links.js';
import { slackChannelId, slackMessageId, slackMessageRef } from './ids.js';

/**
 * What a Slack link names: a permalink `https://acme.slack.com/archives/C2/p1700000000000100` is
 * the message (or thread) with ts 1700000000.000100 in C2, in whichever workspace holds C2; a
 * thread reply's permalink is the reply's own ts with its thread's (`?thread_ts=…&cid=C2`). The
 * web client's `app.slack.com/client/T1/C2/thread/C2-<ts>` opens a thread at its first message.
 */
function parseSlackUrl(url: URL): ItemLink | null {
  const client = /^\/client\/([A-Z0-9]+)\/([A-Z0-9]+)\/thread\/([A-Z0-9]+)-(\d{10}\.\d{6})/.exec(url.pathname);
  if (client) {
    const [, team = '', , channel = '', ts = ''] = client;
    const id = slackMessageId(team, channel, ts);
    return { ref: slackMessageRef(channel, ts), ids: [id], refs: [], idPatterns: [] };
  }
  const match = /\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(url.pathname);
  if (!match) return channelLink(url);
  const [, channel = '', seconds, micros] = match;
  const ts = `${seconds}.${micros}`;
  const ref = slackMessageRef(channel, ts);
  const link: ItemLink = {
    ref,
    ids: [],
    refs: [ref],
    idPatterns: [`slack:message:%/${likeEscape(channel)}/${ts}`, `slack:thread:%/${likeEscape(channel)}/${ts}`],
  };
  const thread = url.searchParams.get('thread_ts');
  if (thread && thread !== ts && /^\d{10}\.\d{6}$/.test(thread)) link.within = { ids: [], refs: [slackMessageRef(channel, thread)] };
  return link;
}

/**
 * A channel's links: `https://acme.slack.com/archives/C2` (which names no workspace: any team's C2)
 * and the web client's `app.slack.com/client/T1/C2`.
 */
function channelLink(url: URL): ItemLink | null {
  const client = /^\/client\/([A-Z0-9]+)\/([A-Z0-9]+)\/?$/.exec(url.pathname);
  if (client) {
    const [, team = '', channel = ''] = client;
    return { ref: null, ids: [slackChannelId(team, channel)], refs: [], idPatterns: [] };
  }
  const archive = /^\/archives\/([A-Z0-9]+)\/?$/.exec(url.pathname);
  if (!archive) return null;
  return { ref: null, ids: [], refs: [], idPatterns: [`slack:channel:%/${likeEscape(archive[1] as string)}`] };
}

/** Slack's links: channels and message permalinks on `<workspace>.slack.com` (and `slack.com`, which redirects to the workspace). */
export const slackLinks: PlatformLinks = {
  ownsHost: (host) => host === 'slack.com' || host.endsWith('.slack.com'),
  parse: parseSlackUrl,
  inText: {
    rule: 'slack-permalink',
    hint: '.slack.com/archives/',
    pattern: /https?:\/\/[A-Za-z0-9-]+\.slack\.com\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/g,
  },
};

/**
 * A message's link. `slack.com/archives/<channel>/p<ts without dot>` is the permalink form Slack
 * itself redirects to the right workspace; a reply carries its thread so it opens in place.
 */
export function slackMessageUrl(channel: string, ts: string, threadTs?: string): string {
  const base = `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}

/** A channel's link. */
export const slackChannelUrl = (channel: string): string => `https://slack.com/archives/${channel}`;
