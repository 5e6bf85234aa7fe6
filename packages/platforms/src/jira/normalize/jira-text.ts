/**
 * The plain text of a Jira rich-text field. REST v2 webhooks send wiki-markup strings, kept as
 * they are; v3 sends Atlassian Document Format, whose text nodes are joined, one line per block,
 * so search and the projector's key and mention rules see the words people wrote.
 */
export function jiraPlainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const lines: string[] = [];
  collect(value, lines);
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'blockquote', 'codeBlock', 'tableCell', 'panel', 'rule']);

function collect(node: unknown, lines: string[]): void {
  if (typeof node !== 'object' || node === null) return;
  const { type, text, attrs, content } = node as {
    type?: unknown;
    text?: unknown;
    attrs?: { text?: unknown; url?: unknown };
    content?: unknown;
  };
  if (typeof text === 'string') append(lines, text);
  // Mentions and inline cards carry their words in attrs, not in a text node.
  else if (type === 'mention' && typeof attrs?.text === 'string') append(lines, attrs.text);
  else if (type === 'inlineCard' && typeof attrs?.url === 'string') append(lines, attrs.url);
  if (type === 'hardBreak') lines.push('');
  if (Array.isArray(content)) for (const child of content) collect(child, lines);
  if (typeof type === 'string' && BLOCKS.has(type)) lines.push('');
}

function append(lines: string[], text: string): void {
  if (lines.length === 0) lines.push('');
  lines[lines.length - 1] += text;
}
