import { DIGEST_LISTED, type ItemNotice, type Notification, kindName, onlyItem, platformName } from '../notification.js';

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** Markdown link text may not hold brackets; Discord renders the rest of the title as written. */
const linkText = (text: string): string => text.replace(/[[\]]/g, '');
/** Pipe's colour in embeds (a neutral blue). */
const COLOR = 0x3b82f6;

function footer(item: ItemNotice): string {
  return [`${platformName(item.platform)} ${kindName(item.kind)}`, item.container, item.state].filter(Boolean).join(' · ');
}

/**
 * A Discord webhook body (https://discord.com/developers/docs/resources/webhook#execute-webhook):
 * one embed — title linked to the item, what changed as its description, who as its author,
 * platform, kind, container and state in the footer, the change's time as its timestamp. A digest
 * is one embed listing the items. Mentions are disabled: a title saying @everyone pings nobody.
 */
export function discordBody(notification: Notification): Record<string, unknown> {
  const allowed_mentions = { parse: [] };
  if (!notification.digest) {
    const item = onlyItem(notification);
    return {
      allowed_mentions,
      embeds: [
        {
          title: clip(item.title || item.itemId, 256),
          ...(item.url ? { url: item.url } : {}),
          description: clip(item.changes.join('\n'), 4096),
          ...(item.who.length > 0 ? { author: { name: clip(item.who.join(', '), 256) } } : {}),
          footer: { text: clip(footer(item), 2048) },
          timestamp: item.at,
          color: COLOR,
        },
      ],
    };
  }
  const listed = notification.items.slice(0, DIGEST_LISTED);
  const more = notification.items.length - listed.length;
  const lines = listed.map((item) => {
    const title = clip(linkText(item.title || item.itemId), 120);
    const who = item.who.length > 0 ? ` (${item.who.join(', ')})` : '';
    return `• ${item.url ? `[${title}](${item.url})` : title} — ${clip(item.changes.join('; '), 200)}${who}`;
  });
  if (more > 0) lines.push(`…and ${more} more items`);
  return {
    allowed_mentions,
    embeds: [
      {
        title: clip(`${notification.total} changes in ${notification.team}`, 256),
        description: clip(lines.join('\n'), 4096),
        color: COLOR,
      },
    ],
  };
}
