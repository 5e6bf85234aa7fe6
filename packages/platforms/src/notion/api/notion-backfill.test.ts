import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_RESOURCE_HEADER, type SyncedRecord } from '../../kit/platform-api.js';
import {
  type FakeNotionSearchApi,
  type FakeSharedNotionPage,
  generateNotionComments,
  generateNotionDatabase,
  generateSharedNotionPages,
  startFakeNotionSearchApi,
} from '../testing/fake-notion-search-api.js';
import { type NotionFixture, notionFixture } from '../testing/notion-fixtures.js';
import { notionIngest } from '../webhook.js';
import { notionBackfill } from './notion-backfill.js';

let api: FakeNotionSearchApi | undefined;
afterEach(async () => api?.close());

async function readAll(since: Date, token = 'ntn_fixture'): Promise<SyncedRecord[]> {
  const records: SyncedRecord[] = [];
  const credential = { token, apiUrl: api?.url ?? null };
  for await (const page of notionBackfill.pages({
    credential,
    scope: 'shared',
    since,
    cursor: null,
    signal: new AbortController().signal,
    retryBaseMs: 1,
  }))
    records.push(...page.records);
  return records;
}

const delivery = (payload: unknown, headers: Record<string, string>) => ({
  team: 'acme',
  platform: 'notion' as const,
  deliveryId: 'sync:test',
  receivedAt: new Date().toISOString(),
  headers,
  rawBody: Buffer.from(JSON.stringify(payload)),
  payload: JSON.parse(JSON.stringify(payload)),
});

/** The item a synced record normalises to. */
function itemOf(record: SyncedRecord) {
  const result = notionIngest({}).normalize(delivery(record.body, { [SYNC_RESOURCE_HEADER]: record.resource }));
  if (result instanceof Promise || result.outcome !== 'events') throw new Error(`expected events for ${record.itemId}`);
  const observed = result.events.find((event) => event.type === 'item.observed');
  return observed?.type === 'item.observed' ? observed.data.item : undefined;
}

describe('Notion backfill (@notionhq/client, iteratePaginatedAPI)', () => {
  it('reads the shared pages newest first down to the window, waiting out a 429, with their text', async () => {
    api = await startFakeNotionSearchApi();
    api.pages = generateSharedNotionPages(130, new Date(Date.now() - 200 * 60_000));
    api.rateLimitSearches(1);
    // The window starts after the 30 oldest pages' last edit.
    const records = await readAll(new Date(Date.now() - 170.5 * 60_000));
    expect(records).toHaveLength(100);
    expect(new Set(records.map((record) => record.itemId)).size).toBe(100);
    const ingest = notionIngest({});
    const record = records[0] as SyncedRecord;
    const result = await ingest.normalize({
      team: 'acme',
      platform: 'notion',
      deliveryId: 'sync:test',
      receivedAt: new Date().toISOString(),
      headers: { [SYNC_RESOURCE_HEADER]: 'page' },
      rawBody: Buffer.from(JSON.stringify(record.body)),
      payload: JSON.parse(JSON.stringify(record.body)),
    });
    const item = result.outcome === 'events' ? result.events.find((event) => event.type === 'item.observed') : undefined;
    expect(item?.type === 'item.observed' && item.data.item).toMatchObject({
      id: record.itemId,
      kind: 'page',
      title: 'Runbook 129',
      body: 'When the ledger drifts\nRe-run reconciliation 129.',
      container: 'ws-acme',
      parentId: expect.stringMatching(/^notion:page:/),
    });
  });

  it("reads the databases' items and their rows in the window, and the pages' comments, held where their webhooks hold them", async () => {
    api = await startFakeNotionSearchApi();
    api.pages = generateSharedNotionPages(3);
    const commented = api.pages[0] as FakeSharedNotionPage;
    api.comments.set(commented.id, generateNotionComments(commented.id, 2));
    const incidents = generateNotionDatabase(0, 'Incidents', 4, new Date(Date.now() - 3 * 86_400_000));
    api.databases = [incidents, generateNotionDatabase(1, 'Archive', 2, new Date(Date.now() - 200 * 86_400_000))];
    const records = await readAll(new Date(Date.now() - 30 * 86_400_000));
    // 3 pages, 2 comments, the Incidents database and its 4 rows; the Archive's rows and item predate the window.
    expect(records.map((record) => record.resource).sort()).toEqual(
      [...Array(7).fill('page'), ...Array(2).fill('comment'), 'database'].sort(),
    );
    const items = new Map(records.map((record) => [record.itemId, itemOf(record)]));
    const databaseId = incidents.database.id;
    expect(items.get(`notion:document:${databaseId}`)).toMatchObject({
      kind: 'database',
      title: 'Incidents',
      body: 'Everything about incidents',
      container: 'ws-acme',
    });
    const row = incidents.rows[0] as FakeSharedNotionPage;
    expect(items.get(`notion:page:${row.id}`)).toMatchObject({
      kind: 'page',
      title: 'Incidents row 3',
      container: databaseId,
      parentId: `notion:document:${databaseId}`,
    });
    const comment = api.comments.get(commented.id)?.[0];
    expect(items.get(`notion:comment:${comment?.id}`)).toMatchObject({
      kind: 'comment',
      title: `Comment on ${'Runbook 2'}`,
      body: 'Comment 0: the reconciliation needs a second pair of eyes',
      container: 'ws-acme',
      parentId: `notion:page:${commented.id}`,
      author: { platform: 'notion', externalId: 'c7c11cca-1d73-471d-9b6e-bdef51470190' },
    });
    // The webhooks about the same row, database and comment name the same items, held the same way.
    const hook = (type: NotionFixture, entity: { id: string; type: string }, data: unknown) => {
      const event = { ...notionFixture(type), entity, data, workspace_id: 'ws-acme' };
      const result = notionIngest({}).normalize(delivery(event, {}));
      return result.outcome === 'events' ? result.events.find((each) => each.type === 'item.observed') : undefined;
    };
    const rowHook = hook('page.created', { id: row.id, type: 'page' }, { parent: { id: databaseId, type: 'database' } });
    expect(rowHook?.type === 'item.observed' && rowHook.data.item).toMatchObject({ id: `notion:page:${row.id}`, container: databaseId });
    const commentHook = hook(
      'comment.created',
      { id: comment?.id ?? '', type: 'comment' },
      { page_id: commented.id, parent: { id: commented.id, type: 'page' } },
    );
    expect(commentHook?.type === 'item.observed' && commentHook.data.item).toMatchObject({
      id: `notion:comment:${comment?.id}`,
      container: 'ws-acme',
      parentId: `notion:page:${commented.id}`,
    });
    const databaseHook = hook('database.created', { id: databaseId, type: 'database' }, { parent: { id: 'ws-acme', type: 'workspace' } });
    expect(databaseHook?.type === 'item.observed' && databaseHook.data.item).toMatchObject({
      id: `notion:document:${databaseId}`,
      container: 'ws-acme',
    });
  });

  it('reads a database of many rows page by page, and resumes inside it from the saved cursor', async () => {
    api = await startFakeNotionSearchApi();
    api.databases = [generateNotionDatabase(0, 'Incidents', 60), generateNotionDatabase(1, 'Postmortems', 3)];
    const since = new Date(Date.now() - 30 * 86_400_000);
    const pages: { records: SyncedRecord[]; cursor: unknown }[] = [];
    for await (const page of notionBackfill.pages({
      credential: { token: 'ntn_fixture', apiUrl: api.url },
      scope: 'shared',
      since,
      cursor: null,
      signal: new AbortController().signal,
    }))
      pages.push(page);
    // The (empty) pages phase, then 50 + 10 rows of Incidents, then Postmortems: each database once.
    expect(pages.map((page) => page.records.length)).toEqual([0, 51, 10, 4]);
    expect(pages.at(-1)?.cursor).toBeNull();
    const resumed: SyncedRecord[] = [];
    for await (const page of notionBackfill.pages({
      credential: { token: 'ntn_fixture', apiUrl: api.url },
      scope: 'shared',
      since,
      cursor: pages[1]?.cursor,
      signal: new AbortController().signal,
    }))
      resumed.push(...page.records);
    expect(resumed.map((record) => record.itemId)).toEqual([...pages[2]!.records, ...pages[3]!.records].map((record) => record.itemId));
  });

  it('reads pages without their comments when the integration may not read comments', async () => {
    api = await startFakeNotionSearchApi();
    api.pages = generateSharedNotionPages(2);
    api.comments.set((api.pages[0] as FakeSharedNotionPage).id, generateNotionComments((api.pages[0] as FakeSharedNotionPage).id, 2));
    api.commentsReadable = false;
    expect((await readAll(new Date(0))).map((record) => record.resource)).toEqual(['page', 'page']);
  });

  it('asks Notion about pages its search did not list: trashed or never found are gone, a page it serves stays', async () => {
    api = await startFakeNotionSearchApi();
    const [live, trashed] = generateSharedNotionPages(2);
    api.pages = [live as FakeSharedNotionPage];
    api.trashed = [trashed as FakeSharedNotionPage];
    const unknown = 'ffffffff-aaaa-4bbb-8ccc-ffffffffffff';
    const ids = [live, trashed].map((page) => `notion:page:${page?.id}`).concat(`notion:page:${unknown}`);
    const confirm = notionBackfill.listing?.confirmGone;
    expect(await confirm?.({ token: 'ntn_fixture', apiUrl: api.url }, ids, new AbortController().signal)).toEqual(ids.slice(1));
    await expect(confirm?.({ token: 'ntn_revoked', apiUrl: api.url }, ids, new AbortController().signal)).rejects.toMatchObject({
      code: 'CREDENTIAL_REJECTED',
    });
    expect(notionBackfill.listing?.containers('shared')).toBe('all');
  });

  it('says a revoked secret is refused', async () => {
    api = await startFakeNotionSearchApi();
    await expect(readAll(new Date(0), 'ntn_revoked')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
  });
});
