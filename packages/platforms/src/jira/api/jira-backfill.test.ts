import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_RESOURCE_HEADER, type SyncedRecord } from '../../kit/platform-api.js';
import { type FakeJiraApi, generateJiraProject, startFakeJiraApi } from '../testing/fake-jira-api.js';
import { jiraIngest } from '../webhook.js';
import { jiraApi } from './jira-api.js';
import { jiraBackfill } from './jira-backfill.js';

let api: FakeJiraApi | undefined;
afterEach(async () => api?.close());

async function readAll(scope: string, token = 'me@example.com:jira-token'): Promise<SyncedRecord[]> {
  const records: SyncedRecord[] = [];
  const credential = { token, apiUrl: api?.url ?? null };
  for await (const page of jiraBackfill.pages({
    credential,
    scope,
    since: new Date(Date.now() - 90 * 86_400_000),
    cursor: null,
    signal: new AbortController().signal,
    retryBaseMs: 1,
  }))
    records.push(...page.records);
  return records;
}

describe('Jira backfill through the REST API (search/jql, nextPageToken)', () => {
  it('reads every page of a project once, waiting out a 429, with comments, normalised like the webhooks', async () => {
    api = await startFakeJiraApi();
    api.projects.set('ACME', generateJiraProject(api.url, 'ACME', 230, 1));
    api.rateLimitSearches(1);
    expect(await jiraApi.checkCredential({ token: 'me@example.com:jira-token', apiUrl: api.url })).toMatchObject({
      account: 'Mia Krystof',
    });
    const records = await readAll('ACME');
    expect(records).toHaveLength(460);
    expect(new Set(records.map((record) => record.itemId)).size).toBe(460);
    const comment = records.find((record) => record.resource === 'comment') as SyncedRecord;
    const result = jiraIngest.normalize({
      team: 'acme',
      platform: 'jira',
      deliveryId: 'sync:test',
      receivedAt: new Date().toISOString(),
      headers: { [SYNC_RESOURCE_HEADER]: 'comment' },
      rawBody: Buffer.from(JSON.stringify(comment.body)),
      payload: JSON.parse(JSON.stringify(comment.body)),
    });
    const item = result.outcome === 'events' ? result.events.find((event) => event.type === 'item.observed') : undefined;
    expect(item?.type === 'item.observed' && item.data.item).toMatchObject({
      id: comment.itemId,
      kind: 'comment',
      parentId: 'jira:issue:ACME-1',
      body: 'Comment 0',
    });
    expect(await jiraBackfill.scopes({ token: 'me@example.com:jira-token', apiUrl: api.url }, new AbortController().signal)).toEqual([
      'ACME',
    ]);
  });

  it('says a refused credential is refused and a missing project is not found', async () => {
    api = await startFakeJiraApi();
    api.projects.set('ACME', generateJiraProject(api.url, 'ACME', 2));
    await expect(readAll('ACME', 'me@example.com:revoked')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    await expect(readAll('NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
