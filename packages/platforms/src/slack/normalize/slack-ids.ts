import { itemId } from '@pipe/events';

/** `slack:message:T1/C2/1355517523.000005` */
export const slackMessageId = (teamId: string, channel: string, ts: string): string => itemId('slack', 'message', `${teamId}/${channel}/${ts}`);

/** `slack:channel:T1/C2` */
export const slackChannelId = (teamId: string, channel: string): string => itemId('slack', 'channel', `${teamId}/${channel}`);

/** The container key of whatever a channel holds (`T1/C2`), as `containerRef` expects it. */
export const slackContainer = (teamId: string, channel: string): string => `${teamId}/${channel}`;

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
