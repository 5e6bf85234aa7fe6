import { itemId } from '@pipe/events';

/** A Notion id in the dashed form its API uses (`01234567-89ab-…`), from the 32 hex digits its URLs use. */
export const dashedUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** `notion:page:<uuid>`: the dashed id Notion's API and webhooks use (its URLs drop the dashes). */
export const notionPageId = (id: string): string => itemId('notion', 'page', id);

/** `notion:document:<uuid>`: a Notion database (kind `database`; the id keeps the form it had before that kind existed). */
export const notionDatabaseId = (id: string): string => itemId('notion', 'document', id);

/** `notion:space:<workspace uuid>`: the workspace, the container of what no database holds. */
export const notionWorkspaceId = (id: string): string => itemId('notion', 'space', id);

/** `notion:comment:<uuid>` */
export const notionCommentId = (id: string): string => itemId('notion', 'comment', id);

/** The item id of a parent as webhook events name it; blocks and workspaces are not items. */
export function notionParentId(parent: { id: string; type: string } | null | undefined): string | null {
  if (!parent) return null;
  if (parent.type === 'page') return notionPageId(parent.id);
  if (parent.type === 'database') return notionDatabaseId(parent.id);
  return null;
}
