import { type Client, iteratePaginatedAPI } from '@notionhq/client';
import type { ApiCredential, SyncedRecord } from '../../kit/platform-api.js';
import { notionCommentId, notionDatabaseId, notionPageId } from '../ids.js';
import { createNotionClient, notionError } from './notion-client.js';

/** A page as search and data-source queries return it (what the backfill reads of it). */
export interface NotionPageObject {
  id: string;
  object: string;
  last_edited_time: string;
}

/** A database as `databases.retrieve` returns it. */
export interface NotionDatabaseObject {
  id: string;
  object: 'database';
  last_edited_time: string;
}

/** What reading one page needs: the client, the workspace, and whether comments may be read. */
export interface PageReader {
  notion: Client;
  workspaceId: string | null;
  /** Cleared when Notion refuses `comments.list` (no 'Read comments' capability): pages are read without them. */
  comments: boolean;
}

/**
 * A page's records: the page with its first 100 blocks (the item the content fetch after a
 * `page.*` webhook stores), then its page-level comments (`comments.list`), each the item a
 * `comment.*` webhook names, with its text.
 */
export async function pageRecords(reader: PageReader, page: NotionPageObject): Promise<SyncedRecord[]> {
  const blocks: unknown[] = [];
  for await (const block of iteratePaginatedAPI(reader.notion.blocks.children.list, { block_id: page.id, page_size: 100 })) {
    blocks.push(block);
    if (blocks.length >= 100) break;
  }
  const records: SyncedRecord[] = [
    {
      resource: 'page',
      body: { record: page, context: { blocks, workspaceId: reader.workspaceId } },
      itemId: notionPageId(page.id),
      version: Date.parse(page.last_edited_time),
    },
  ];
  if (!reader.comments) return records;
  try {
    for await (const comment of iteratePaginatedAPI(reader.notion.comments.list, { block_id: page.id, page_size: 100 })) {
      const { id, last_edited_time } = comment as { id: string; last_edited_time: string };
      records.push({
        resource: 'comment',
        body: { record: comment, context: { page: pageTitleOf(page), workspaceId: reader.workspaceId } },
        itemId: notionCommentId(id),
        version: Date.parse(last_edited_time),
      });
    }
  } catch (error) {
    if ((error as { code?: string }).code !== 'restricted_resource') throw error;
    reader.comments = false;
  }
  return records;
}

/** A database's record: the database item a `database.*` webhook names, with its title and description. */
export const databaseRecord = (database: NotionDatabaseObject, workspaceId: string | null): SyncedRecord => ({
  resource: 'database',
  body: { record: database, context: { workspaceId } },
  itemId: notionDatabaseId(database.id),
  version: Date.parse(database.last_edited_time),
});

/** The page a comment is on, as a comment's record names it: its id and title. */
function pageTitleOf(page: NotionPageObject): { id: string; properties?: unknown } {
  return { id: page.id, properties: (page as { properties?: unknown }).properties };
}

/**
 * The pages and databases of `itemIds` Notion says are gone: `pages.retrieve` / `databases.retrieve`
 * answers 404 (deleted, or no longer shared with the integration — either way the team's Notion no
 * longer shows it to Pipe) or an object in the trash. One it still serves stays, whatever search said.
 */
export async function goneNotionItems(credential: ApiCredential, itemIds: readonly string[], signal: AbortSignal): Promise<string[]> {
  const notion = createNotionClient(credential);
  const gone: string[] = [];
  for (const itemId of itemIds) {
    if (signal.aborted) break;
    const database = itemId.startsWith(notionDatabaseId(''));
    const id = itemId.slice((database ? notionDatabaseId('') : notionPageId('')).length);
    try {
      const found = (database ? await notion.databases.retrieve({ database_id: id }) : await notion.pages.retrieve({ page_id: id })) as {
        in_trash?: boolean;
        archived?: boolean;
      };
      if (found.in_trash || found.archived) gone.push(itemId);
    } catch (error) {
      if ((error as { code?: string }).code === 'object_not_found') gone.push(itemId);
      else throw notionError(error, `read ${database ? 'the database' : 'the page'} ${id}`);
    }
  }
  return gone;
}
