import { DIGEST_LISTED, type ItemNotice, type Notification, kindName, onlyItem, platformName } from '../notification.js';

/** Telegram's HTML parse mode needs &, < and > escaped, and " inside attributes. */
const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function titleHtml(item: ItemNotice): string {
  const title = escapeHtml(clip(item.title || item.itemId, 200));
  return item.url ? `<a href="${escapeHtml(item.url)}">${title}</a>` : title;
}

function detail(item: ItemNotice): string {
  const parts = [`${platformName(item.platform)} ${kindName(item.kind)}`];
  if (item.container) parts.push(escapeHtml(item.container));
  if (item.state) parts.push(escapeHtml(item.state));
  if (item.who.length > 0) parts.push(`by ${escapeHtml(item.who.join(', '))}`);
  return parts.join(' · ');
}

/** Telegram's limit on a message's text, after entities are parsed. */
const TEXT_LIMIT = 4096;

/**
 * A Bot API `sendMessage` body (https://core.telegram.org/bots/api#sendmessage) in HTML parse mode:
 * the linked title in bold, what changed, then platform, kind, container, state and who in
 * italics. Link previews are off so the message stays one short block.
 */
export function telegramBody(notification: Notification, chatId: string): Record<string, unknown> {
  let text: string;
  if (!notification.digest) {
    const item = onlyItem(notification);
    text = `<b>${titleHtml(item)}</b>\n${escapeHtml(clip(item.changes.join('\n'), 3000))}\n<i>${detail(item)}</i>`;
  } else {
    const listed = notification.items.slice(0, DIGEST_LISTED);
    const more = notification.items.length - listed.length;
    const lines = listed.map(
      (item) => `• <b>${titleHtml(item)}</b> — ${escapeHtml(clip(item.changes.join('; '), 200))} <i>${detail(item)}</i>`,
    );
    if (more > 0) lines.push(`…and ${more} more items`);
    text = `<b>${notification.total} changes in ${escapeHtml(notification.team)}</b>\n${lines.join('\n')}`;
  }
  // Clipping HTML could cut a tag in two; a message this long is already a digest of ten items, so fall back to plain text.
  if (text.length > TEXT_LIMIT) text = escapeHtml(clip(text.replace(/<[^>]+>/g, ''), TEXT_LIMIT - 100));
  return { chat_id: chatId, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
}
