import type { ContainerSighting } from '../../kit/container.js';
import { notionDatabaseId, notionWorkspaceId } from '../ids.js';
import { notionUrl } from '../links.js';
import type { NotionEvent } from './notion-schemas.js';

/**
 * What holds the entity an event is about: the database its `data.parent` names, when that is a
 * database; else the workspace (every event names its `workspace_id`). A comment's parent is its
 * page, and a page under a page says nothing of a database above it: those are in the workspace.
 */
export function notionContainerSighting(event: NotionEvent): ContainerSighting {
  const parent = event.data.parent;
  if (parent?.type === 'database') {
    // Events carry ids, not names: the database's own event (or its content) names it.
    return {
      id: notionDatabaseId(parent.id),
      platform: 'notion',
      kind: 'database',
      title: `Notion database ${parent.id}`,
      url: notionUrl(parent.id),
      keyOnly: true,
    };
  }
  const name = event.workspace_name;
  return {
    id: notionWorkspaceId(event.workspace_id),
    platform: 'notion',
    kind: 'space',
    title: name ? name : `Notion workspace ${event.workspace_id}`,
    // A workspace's address is its domain, which events do not carry.
    url: null,
    keyOnly: !name,
  };
}

/** The container key of the entity an event is about (see {@link notionContainerSighting}): a database's or the workspace's id. */
export function notionContainerKey(event: NotionEvent): string {
  return event.data.parent?.type === 'database' ? event.data.parent.id : event.workspace_id;
}
