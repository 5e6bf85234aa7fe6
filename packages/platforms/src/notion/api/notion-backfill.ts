import type { Client } from '@notionhq/client';
import type { BackfillContext, BackfillPage, BackfillPlan, SyncedRecord } from '../../kit/platform-api.js';
import { createNotionClient, notionError } from './notion-client.js';
import {
  type NotionDatabaseObject,
  type NotionPageObject,
  type PageReader,
  databaseRecord,
  goneNotionItems,
  pageRecords,
} from './notion-records.js';

/** The one scope of a Notion connection: everything shared with the integration. */
export const NOTION_SCOPE = 'shared';

/**
 * Where a backfill stands. Pages: the search's `start_cursor` of the next page. Databases: the
 * search page of data sources being read (its `start_cursor`), which of them, and the `start_cursor`
 * of its next page of rows. Absent `phase`: pages.
 */
export interface NotionCursor {
  phase?: 'pages' | 'databases';
  next: string | null;
  workspaceId: string | null;
  source?: number;
  rows?: string | null;
}

interface DataSource {
  id: string;
  parent?: { type?: string; database_id?: string };
}

const SOURCES_PAGE = 10;

/**
 * Everything shared with the integration, in two phases. Pages: newest edit first (`search`)
 * down to the window's start, each with its first 100 blocks as text and its comments. Databases:
 * every data source shared (`search` for `data_source` — `@notionhq/client` speaks Notion's
 * 2025-09-03 API, where a database's rows live in its data sources), its database item
 * (`databases.retrieve`), and its rows edited since the window's start (`dataSources.query`), which
 * search may not have listed. One scope, `shared`: the integration's access is what the team shared.
 */
export const notionBackfill: BackfillPlan = {
  // Search lists the pages shared with the integration by last edit and every data source, but Notion
  // does not promise it is exhaustive (its index lags): what it did not list is asked about first.
  listing: { kinds: ['page', 'database'], containers: () => 'all', window: 'updated', confirmGone: goneNotionItems },
  scopeHint: `'${NOTION_SCOPE}' (every page and database shared with the integration)`,
  scopeProblem: (scope) =>
    scope === NOTION_SCOPE ? null : `Notion has one scope, '${NOTION_SCOPE}' (the pages shared with the integration)`,
  scopes: async () => [NOTION_SCOPE],
  pages: (context) => sharedPages(createNotionClient(context.credential, context.retryBaseMs), context),
};

async function* sharedPages(notion: Client, context: BackfillContext): AsyncGenerator<BackfillPage> {
  const saved = context.cursor as NotionCursor | null;
  let step = 'search the shared pages';
  try {
    const workspaceId =
      saved?.workspaceId ?? ((await notion.users.me({})) as { bot?: { workspace_id?: string } }).bot?.workspace_id ?? null;
    const reader: PageReader = { notion, workspaceId, comments: true };
    // Pages the pages phase read in this run, so a database's rows are not read twice.
    const read = new Set<string>();
    if ((saved?.phase ?? 'pages') === 'pages') {
      let cursor = saved?.next ?? undefined;
      for (;;) {
        const page = await notion.search({
          filter: { property: 'object', value: 'page' },
          sort: { direction: 'descending', timestamp: 'last_edited_time' },
          page_size: 50,
          ...(cursor ? { start_cursor: cursor } : {}),
        });
        let older = false;
        const records: SyncedRecord[] = [];
        for (const result of page.results as NotionPageObject[]) {
          if (Date.parse(result.last_edited_time) < context.since.getTime()) {
            older = true;
            break;
          }
          read.add(result.id);
          records.push(...(await pageRecords(reader, result)));
        }
        cursor = !older && page.has_more && page.next_cursor ? page.next_cursor : undefined;
        yield { records, cursor: cursor ? { next: cursor, workspaceId } : { phase: 'databases', next: null, workspaceId } };
        if (!cursor || context.signal.aborted) break;
      }
      if (context.signal.aborted) return;
    }
    step = 'search the shared databases';
    yield* databasePages(reader, read, context, saved?.phase === 'databases' ? saved : null);
  } catch (error) {
    throw notionError(error, step);
  }
}

/** The databases phase: each data source's database and its rows in the window, a page of rows at a time. */
async function* databasePages(
  reader: PageReader,
  read: Set<string>,
  context: BackfillContext,
  saved: NotionCursor | null,
): AsyncGenerator<BackfillPage> {
  const { notion, workspaceId } = reader;
  const databases = new Set<string>();
  let next = saved?.next ?? null;
  let first = saved?.source ?? 0;
  let rows = saved?.rows ?? null;
  for (;;) {
    const search = await notion.search({
      filter: { property: 'object', value: 'data_source' },
      page_size: SOURCES_PAGE,
      ...(next ? { start_cursor: next } : {}),
    });
    const sources = search.results as DataSource[];
    const following = search.has_more && search.next_cursor ? search.next_cursor : null;
    for (let index = first; index < sources.length; index++) {
      const source = sources[index] as DataSource;
      const records: SyncedRecord[] = [];
      const databaseId = source.parent?.database_id;
      if (rows === null && databaseId && !databases.has(databaseId)) {
        databases.add(databaseId);
        const database = (await notion.databases.retrieve({ database_id: databaseId })) as NotionDatabaseObject;
        if (Date.parse(database.last_edited_time) >= context.since.getTime()) records.push(databaseRecord(database, workspaceId));
      }
      const answer = await notion.dataSources.query({
        data_source_id: source.id,
        filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: context.since.toISOString() } },
        sorts: [{ timestamp: 'last_edited_time', direction: 'descending' }],
        page_size: 50,
        ...(rows ? { start_cursor: rows } : {}),
      });
      for (const row of answer.results as NotionPageObject[])
        if (row.object === 'page' && !read.has(row.id)) records.push(...(await pageRecords(reader, row)));
      rows = answer.has_more && answer.next_cursor ? answer.next_cursor : null;
      // Stay on this data source while it has rows; else the next one, or the next search page.
      const position: NotionCursor | null = rows
        ? { phase: 'databases', next, workspaceId, source: index, rows }
        : index + 1 < sources.length
          ? { phase: 'databases', next, workspaceId, source: index + 1, rows: null }
          : following
            ? { phase: 'databases', next: following, workspaceId, source: 0, rows: null }
            : null;
      yield { records, cursor: position };
      if (context.signal.aborted || position === null) return;
      if (rows) index--;
    }
    if (!following) {
      // An empty search page (no data source shared) still ends the phase with a page.
      if (sources.length <= first) yield { records: [], cursor: null };
      return;
    }
    next = following;
    first = 0;
  }
}
