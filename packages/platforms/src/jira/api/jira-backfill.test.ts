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

  it("draws an issue's links (fields.issuelinks) as the edges the jira:issue_updated webhook draws", async () => {
    api = await startFakeJiraApi();
    api.projects.set('ACME', generateJiraProject(api.url, 'ACME', 6, 0, undefined, 2));
    const links = (await readAll('ACME'))
      .filter((record) => record.resource === 'issue')
      .flatMap((record) => {
        const result = jiraIngest.normalize({
          team: 'acme',
          platform: 'jira',
          deliveryId: `sync:${record.itemId}`,
          receivedAt: new Date().toISOString(),
          headers: { [SYNC_RESOURCE_HEADER]: 'issue' },
          rawBody: Buffer.from(JSON.stringify(record.body)),
          payload: JSON.parse(JSON.stringify(record.body)),
        });
        return result.outcome === 'events' ? result.events.flatMap((event) => (event.type === 'link.observed' ? [event.data] : [])) : [];
      });
    // ACME-1 blocks ACME-2, ACME-3 blocks ACME-4, ACME-5 blocks ACME-6: each named by both of its issues.
    const edge = (from: number, to: number) => ({
      from: `jira:issue:ACME-${from}`,
      to: `jira:issue:ACME-${to}`,
      edge: 'BLOCKS',
      removed: false,
    });
    expect(links).toEqual([edge(1, 2), edge(1, 2), edge(3, 4), edge(3, 4), edge(5, 6), edge(5, 6)]);
    // The same issue in a webhook body draws the same edge.
    const issue = api.projects.get('ACME')?.[0];
    const webhook = jiraIngest.normalize({
      team: 'acme',
      platform: 'jira',
      deliveryId: 'hook-1',
      receivedAt: new Date().toISOString(),
      headers: {},
      rawBody: Buffer.from('{}'),
      payload: { webhookEvent: 'jira:issue_updated', timestamp: Date.now(), issue },
    });
    expect(
      webhook.outcome === 'events' && webhook.events.filter((event) => event.type === 'link.observed').map((event) => event.data),
    ).toEqual([edge(1, 2)]);
  });

  it('says a refused credential is refused and a missing project is not found', async () => {
    api = await startFakeJiraApi();
    api.projects.set('ACME', generateJiraProject(api.url, 'ACME', 2));
    await expect(readAll('ACME', 'me@example.com:revoked')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    await expect(readAll('NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
