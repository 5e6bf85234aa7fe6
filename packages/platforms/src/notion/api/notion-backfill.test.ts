import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_RESOURCE_HEADER, type SyncedRecord } from '../../kit/platform-api.js';
import {
  type FakeNotionSearchApi,
  type FakeSharedNotionPage,
  generateSharedNotionPages,
  startFakeNotionSearchApi,
} from '../testing/fake-notion-search-api.js';
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
