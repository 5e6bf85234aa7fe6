import { itemId } from '@pipe/events';

/** A Slack message as its permalink names it (channel and ts; permalinks carry no workspace id). */
export const slackMessageRef = (channel: string, ts: string): string => `slack:${channel}/${ts}`;

const MESSAGE = /^slack:message:[^/]+\/([^/]+\/\d+\.\d+)$/;

/** How other items refer to a Slack message (`slack:message:T1/C2/<ts>` is `slack:C2/<ts>`); null for other ids. */
export function slackItemRef(id: string): string | null {
  const message = MESSAGE.exec(id);
  return message ? `slack:${message[1]}` : null;
}

/** `slack:message:T1/C2/1355517523.000005` */
export const slackMessageId = (teamId: string, channel: string, ts: string): string =>
  itemId('slack', 'message', `${teamId}/${channel}/${ts}`);

/** `slack:channel:T1/C2` */
export const slackChannelId = (teamId: string, channel: string): string => itemId('slack', 'channel', `${teamId}/${channel}`);

/** The container key of whatever a channel holds (`T1/C2`), as `containerRef` expects it. */
export const slackContainer = (teamId: string, channel: string): string => `${teamId}/${channel}`;
