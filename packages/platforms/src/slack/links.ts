import { type ItemLink, type PlatformLinks, likeEscape } from '../item-links.js';
import { slackMessageRef } from './ids.js';

/**
 * What a Slack permalink names: `https://acme.slack.com/archives/C2/p1700000000000100` is the
 * message (or thread) with ts 1700000000.000100 in C2, in whichever workspace holds C2.
 */
function parseSlackUrl(url: URL): ItemLink | null {
  const match = /\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(url.pathname);
  if (!match) return null;
  const [, channel = '', seconds, micros] = match;
  const ts = `${seconds}.${micros}`;
  const ref = slackMessageRef(channel, ts);
  return {
    ref,
    ids: [],
    refs: [ref],
    idPatterns: [`slack:message:%/${likeEscape(channel)}/${ts}`, `slack:thread:%/${likeEscape(channel)}/${ts}`],
  };
}

/** Slack's links: message permalinks on `<workspace>.slack.com`. */
export const slackLinks: PlatformLinks = {
  ownsHost: (host) => host.endsWith('.slack.com'),
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
