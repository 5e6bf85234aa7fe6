import { itemId } from '@pipe/events';

import { notionPageId } from '../ids.js';

export { notionPageId };

/** `notion:document:<uuid>`: a Notion database (the canonical kinds have no database kind). */
export const notionDatabaseId = (id: string): string => itemId('notion', 'document', id);

/** `notion:comment:<uuid>` */
export const notionCommentId = (id: string): string => itemId('notion', 'comment', id);

/** The item id of a parent as webhook events name it; blocks and workspaces are not items. */
export function notionParentId(parent: { id: string; type: string } | null | undefined): string | null {
  if (!parent) return null;
  if (parent.type === 'page') return notionPageId(parent.id);
  if (parent.type === 'database') return notionDatabaseId(parent.id);
  return null;
}
