/**
 * Reading a page's title and text out of Notion API objects. Only what `pages.retrieve` and
 * `blocks.children.list` return is read, structurally, so any API version's extra fields pass.
 */

interface RichText {
  plain_text?: string;
}

/** Rich text (a title, a description, a comment) as plain text. */
export const richText = (parts: readonly unknown[]): string => (parts as RichText[]).map((part) => part.plain_text ?? '').join('');

/** The page's title: the rich text of its one `title` property, joined. */
export function pageTitle(page: { properties?: Record<string, unknown> }): string {
  for (const property of Object.values(page.properties ?? {})) {
    const { type, title } = property as { type?: string; title?: RichText[] };
    if (type === 'title' && Array.isArray(title)) return richText(title);
  }
  return '';
}

/** One line per block that holds rich text (paragraphs, headings, list items, to-dos, quotes, code…). */
export function blocksText(blocks: readonly unknown[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    const { type } = block as { type?: string };
    if (!type) continue;
    const content = (block as Record<string, { rich_text?: RichText[] } | undefined>)[type];
    if (content && Array.isArray(content.rich_text)) lines.push(content.rich_text.map((part) => part.plain_text ?? '').join(''));
  }
  return lines.filter((line) => line.length > 0).join('\n');
}
