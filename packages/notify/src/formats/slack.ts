import { DIGEST_LISTED, type ItemNotice, type Notification, kindName, onlyItem, platformName, plainSummary } from '../notification.js';

/** Slack mrkdwn needs only &, < and > escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function titleLink(item: ItemNotice): string {
  const title = escapeMrkdwn(clip(item.title || item.itemId, 200));
  return item.url ? `<${item.url}|${title}>` : title;
}

function context(item: ItemNotice): string {
  const parts = [`${platformName(item.platform)} ${kindName(item.kind)}`];
  if (item.container) parts.push(escapeMrkdwn(item.container));
  if (item.state) parts.push(escapeMrkdwn(item.state));
  if (item.who.length > 0) parts.push(`by ${escapeMrkdwn(item.who.join(', '))}`);
  return parts.join(' · ');
}

/**
 * A Slack incoming-webhook body in Block Kit: a section with the linked title and what changed, a
 * context line with platform, kind, container, state and who; `text` is the notification
 * fallback. A digest lists up to ten items, each a section.
 */
export function slackBody(notification: Notification): Record<string, unknown> {
  if (!notification.digest) {
    const item = onlyItem(notification);
    return {
      text: clip(plainSummary(item), 3000),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: clip(`*${titleLink(item)}*\n${escapeMrkdwn(item.changes.join('\n'))}`, 3000) } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: clip(context(item), 3000) }] },
      ],
    };
  }
  const listed = notification.items.slice(0, DIGEST_LISTED);
  const more = notification.items.length - listed.length;
  const heading = `${notification.total} changes in ${notification.team}`;
  return {
    text: heading,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(heading, 150) } },
      ...listed.map((item) => ({
        type: 'section',
        text: { type: 'mrkdwn', text: clip(`*${titleLink(item)}* — ${escapeMrkdwn(item.changes.join('; '))}\n${context(item)}`, 3000) },
      })),
      ...(more > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${more} more items` }] }] : []),
    ],
  };
}
