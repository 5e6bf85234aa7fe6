/** A Slack message as its permalink names it (channel and ts; permalinks carry no workspace id). */
export const slackMessageRef = (channel: string, ts: string): string => `slack:${channel}/${ts}`;

const MESSAGE = /^slack:message:[^/]+\/([^/]+\/\d+\.\d+)$/;

/** How other items refer to a Slack message (`slack:message:T1/C2/<ts>` is `slack:C2/<ts>`); null for other ids. */
export function slackItemRef(id: string): string | null {
  const message = MESSAGE.exec(id);
  return message ? `slack:${message[1]}` : null;
}
