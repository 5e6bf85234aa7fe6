import { Client, iteratePaginatedAPI } from '@notionhq/client';
import {
  ApiCredentialError,
  type ApiCredential,
  type BackfillContext,
  type BackfillPage,
  type BackfillPlan,
  type SyncedRecord,
} from '../../kit/platform-api.js';
import { notionPageId } from '../ids.js';

/** The one scope of a Notion connection: everything shared with the integration. */
export const NOTION_SCOPE = 'shared';

/** Where a backfill stands: the search's `start_cursor` of the next page. */
export interface NotionCursor {
  next: string | null;
  workspaceId: string | null;
}

interface NotionPage {
  id: string;
  object: string;
  last_edited_time: string;
}

/** A Notion client for one integration secret: it waits `Retry-After` on 429 and backs off on 5xx. */
export function createNotionClient(credential: ApiCredential, retryBaseMs = 1000): Client {
  return new Client({
    auth: credential.token,
    ...(credential.apiUrl ? { baseUrl: credential.apiUrl } : {}),
    retry: { maxRetries: 5, initialRetryDelayMs: retryBaseMs, maxRetryDelayMs: 60_000 },
    timeoutMs: 20_000,
    logger: () => undefined,
  });
}

function notionError(error: unknown, what: string): ApiCredentialError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'unauthorized')
    return new ApiCredentialError('CREDENTIAL_REJECTED', `Notion refused the secret on ${what} (${message})`, { cause: error });
  if (code === 'restricted_resource')
    return new ApiCredentialError('CREDENTIAL_INSUFFICIENT', `the Notion integration may not ${what} (${message})`, { cause: error });
  return new ApiCredentialError('API_UNREACHABLE', `Notion did not answer ${what}: ${message}`, { cause: error });
}

/**
 * The pages shared with the integration, newest edit first (`search`, read with the client's
 * `iteratePaginatedAPI` over `start_cursor`/`next_cursor`) down to the window's start, each with its
 * first 100 blocks as text. One scope, `shared`: the integration's access is what the team shared.
 */
export const notionBackfill: BackfillPlan = {
  // Search lists the pages shared with the integration by last edit, but Notion does not promise it
  // is exhaustive (its index lags): a page it did not list is asked about before it is removed.
  listing: { kinds: ['page'], containers: () => 'all', window: 'updated', confirmGone: goneNotionPages },
  scopeHint: `'${NOTION_SCOPE}' (every page and database shared with the integration)`,
  scopeProblem: (scope) =>
    scope === NOTION_SCOPE ? null : `Notion has one scope, '${NOTION_SCOPE}' (the pages shared with the integration)`,
  scopes: async () => [NOTION_SCOPE],
  pages: (context) => sharedPages(createNotionClient(context.credential, context.retryBaseMs), context),
};

/**
 * The pages of `itemIds` Notion says are gone: `pages.retrieve` answers 404 (deleted, or no longer
 * shared with the integration — either way the team's Notion no longer shows it to Pipe) or a page
 * in the trash. A page it still serves stays, whatever the search said.
 */
async function goneNotionPages(credential: ApiCredential, itemIds: readonly string[], signal: AbortSignal): Promise<string[]> {
  const notion = createNotionClient(credential);
  const gone: string[] = [];
  for (const itemId of itemIds) {
    if (signal.aborted) break;
    const pageId = itemId.slice(notionPageId('').length);
    try {
      const page = (await notion.pages.retrieve({ page_id: pageId })) as { in_trash?: boolean; archived?: boolean };
      if (page.in_trash || page.archived) gone.push(itemId);
    } catch (error) {
      if ((error as { code?: string }).code === 'object_not_found') gone.push(itemId);
      else throw notionError(error, `read the page ${pageId}`);
    }
  }
  return gone;
}

async function* sharedPages(notion: Client, context: BackfillContext): AsyncGenerator<BackfillPage> {
  const saved = context.cursor as NotionCursor | null;
  try {
    const workspaceId =
      saved?.workspaceId ?? ((await notion.users.me({})) as { bot?: { workspace_id?: string } }).bot?.workspace_id ?? null;
    let records: SyncedRecord[] = [];
    let cursor = saved?.next ?? undefined;
    const search = (start_cursor?: string) =>
      notion.search({
        filter: { property: 'object', value: 'page' },
        sort: { direction: 'descending', timestamp: 'last_edited_time' },
        page_size: 50,
        ...(start_cursor ? { start_cursor } : {}),
      });
    for (;;) {
      const page = await search(cursor);
      let older = false;
      for (const result of page.results as NotionPage[]) {
        if (Date.parse(result.last_edited_time) < context.since.getTime()) {
          older = true;
          break;
        }
        const blocks: unknown[] = [];
        for await (const block of iteratePaginatedAPI(notion.blocks.children.list, { block_id: result.id, page_size: 100 })) {
          blocks.push(block);
          if (blocks.length >= 100) break;
        }
        records.push({
          resource: 'page',
          body: { record: result, context: { blocks, workspaceId } },
          itemId: notionPageId(result.id),
          version: Date.parse(result.last_edited_time),
        });
      }
      cursor = !older && page.has_more && page.next_cursor ? page.next_cursor : undefined;
      yield { records, cursor: cursor ? { next: cursor, workspaceId } : null };
      records = [];
      if (!cursor || context.signal.aborted) return;
    }
  } catch (error) {
    throw notionError(error, 'search the shared pages');
  }
}
