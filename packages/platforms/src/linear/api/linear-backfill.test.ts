import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_RESOURCE_HEADER, type SyncedRecord } from '../../kit/platform-api.js';
import {
  type FakeLinearApi,
  generateLinearProjects,
  generateLinearTeam,
  linearRateLimited,
  startFakeLinearApi,
} from '../testing/fake-linear-api.js';
import { LINEAR_MAX_COMPLEXITY } from '../testing/linear-query-complexity.js';
import { eventsOfType, linearFixture, normalizedLinearEvents } from '../testing/linear-fixtures.js';
import { linearIngest } from '../webhook.js';
import { linearApi } from './linear-api.js';
import { linearBackfill } from './linear-backfill.js';

let api: FakeLinearApi | undefined;
afterEach(async () => api?.close());

async function readAll(scope: string, token = 'lin_api_fixture'): Promise<SyncedRecord[]> {
  const records: SyncedRecord[] = [];
  const credential = { token, apiUrl: api?.url ?? null };
  for await (const page of linearBackfill.pages({
    credential,
    scope,
    since: new Date(Date.now() - 90 * 86_400_000),
    cursor: null,
    signal: new AbortController().signal,
  }))
    records.push(...page.records);
  return records;
}

const syncedDelivery = (record: SyncedRecord) => ({
  team: 'acme',
  platform: 'linear' as const,
  deliveryId: `sync:${record.itemId}:${record.version}`,
  receivedAt: new Date().toISOString(),
  headers: { [SYNC_RESOURCE_HEADER]: record.resource },
  rawBody: Buffer.from(JSON.stringify(record.body)),
  payload: JSON.parse(JSON.stringify(record.body)),
});

describe('Linear backfill through GraphQL (@linear/sdk)', () => {
  it('reads every page of a team once (pageInfo cursors), issues with their comments, normalised like the webhooks', async () => {
    api = await startFakeLinearApi({ teams: { ENG: generateLinearTeam('ENG', 120, 2) } });
    expect(await linearApi.checkCredential({ token: 'lin_api_fixture', apiUrl: api.url })).toMatchObject({ account: 'Ada in Acme' });
    const records = await readAll('ENG');
    expect(records).toHaveLength(120 * 3);
    expect(new Set(records.map((record) => record.itemId)).size).toBe(360);
    // Linear prices every query before running it and refuses one over its cap: none may be.
    expect(Math.max(...api.complexities)).toBeLessThanOrEqual(LINEAR_MAX_COMPLEXITY);
    const comment = records.find((record) => record.resource === 'comment') as SyncedRecord;
    const result = linearIngest.normalize({
      team: 'acme',
      platform: 'linear',
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
      parentId: 'linear:issue:ENG-1',
      container: 'ENG',
    });
    expect(await linearBackfill.scopes({ token: 'lin_api_fixture', apiUrl: api.url }, new AbortController().signal)).toEqual(['ENG']);
  });

  it("draws an issue's relations as the IssueRelation webhook's edges, then reads the team's projects as the Project webhook's items", async () => {
    const projects = generateLinearProjects(3);
    api = await startFakeLinearApi({ teams: { ENG: generateLinearTeam('ENG', 4, 0, undefined, 2) }, projects: { ENG: projects } });
    const records = await readAll('ENG');
    const events = records.flatMap((record) => {
      const result = linearIngest.normalize(syncedDelivery(record));
      return result.outcome === 'events' ? result.events : [];
    });
    const edge = (from: number, to: number) => ({
      from: `linear:issue:ENG-${from}`,
      to: `linear:issue:ENG-${to}`,
      edge: 'BLOCKS',
      removed: false,
    });
    // Each relation is named by both its issues (relations and inverseRelations).
    expect(events.filter((event) => event.type === 'link.observed').map((event) => event.data)).toEqual([
      edge(1, 2),
      edge(1, 2),
      edge(3, 4),
      edge(3, 4),
    ]);
    const observed = events.flatMap((event) =>
      event.type === 'item.observed' && event.data.item.kind === 'project' ? [event.data.item] : [],
    );
    expect(observed.map((item) => item.title)).toEqual(projects.map((project) => project.name));
    expect(observed[0]).toMatchObject({
      id: `linear:project:${projects[0]?.id}`,
      body: `${projects[0]?.description}\n\n${projects[0]?.content}`,
      state: 'Planned',
      url: projects[0]?.url,
      version: Date.parse(projects[0]?.updatedAt ?? ''),
    });
    // The webhooks carrying the same relation and project draw the same edge and the same item.
    const issues = api.teams.get('ENG') ?? [];
    const relationHook = { ...linearFixture('issue-relation-create'), data: issues[0]?.relations.nodes[0] };
    expect(eventsOfType(normalizedLinearEvents(relationHook), 'link.observed').map((event) => event.data)).toEqual([edge(1, 2)]);
    const projectHook = { ...linearFixture('project-update'), data: projects[0], url: projects[0]?.url };
    expect(eventsOfType(normalizedLinearEvents(projectHook), 'item.observed')[0]?.data.item).toEqual(observed[0]);
  });

  it('reads archived issues and leaves trashed ones (deleted) out, so a full pass removes them', async () => {
    const issues = generateLinearTeam('ENG', 5);
    const archivedAt = new Date().toISOString();
    Object.assign(issues[1] as object, { archivedAt });
    Object.assign(issues[2] as object, { archivedAt, trashed: true });
    api = await startFakeLinearApi({ teams: { ENG: issues } });
    expect((await readAll('ENG')).map((record) => record.itemId)).toEqual(
      ['ENG-1', 'ENG-2', 'ENG-4', 'ENG-5'].map((id) => `linear:issue:${id}`),
    );
    expect(linearBackfill.listing).toMatchObject({ kinds: ['issue'], window: 'updated' });
    expect(linearBackfill.listing?.containers('ENG')).toEqual({ is: 'ENG' });
  });

  it('says a revoked key is refused', async () => {
    api = await startFakeLinearApi({ teams: { ENG: generateLinearTeam('ENG', 2) } });
    await expect(readAll('ENG', 'lin_api_revoked')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    await expect(linearApi.checkCredential({ token: 'lin_api_revoked', apiUrl: api.url })).rejects.toMatchObject({
      code: 'CREDENTIAL_REJECTED',
    });
  });

  it('waits out a rate limit and retries a 5xx mid-backfill, then reads on: every record once', async () => {
    api = await startFakeLinearApi({ teams: { ENG: generateLinearTeam('ENG', 50, 1) } });
    const pages = linearBackfill
      .pages({
        credential: { token: 'lin_api_fixture', apiUrl: api.url },
        scope: 'ENG',
        since: new Date(Date.now() - 90 * 86_400_000),
        cursor: null,
        signal: new AbortController().signal,
        retryBaseMs: 10,
      })
      [Symbol.asyncIterator]();
    const first = await pages.next();
    const records = [...(first.value?.records ?? [])];
    // The budget runs out after the first page: Linear says when it refills (400 ms from now); then a 502.
    api.failNext.push(linearRateLimited(400), { status: 502, body: '<html>502 Bad Gateway</html>' });
    const waitedFrom = Date.now();
    for (let page = await pages.next(); !page.done; page = await pages.next()) records.push(...page.value.records);
    expect(Date.now() - waitedFrom).toBeGreaterThanOrEqual(380);
    expect(api.failNext).toEqual([]);
    expect(records).toHaveLength(100);
    expect(new Set(records.map((record) => record.itemId)).size).toBe(100);
  });

  it('pauses the job, saying until when, when the rate limit lasts longer than a minute', async () => {
    api = await startFakeLinearApi({ teams: { ENG: generateLinearTeam('ENG', 5) } });
    api.failNext.push(linearRateLimited(30 * 60_000, 'complexity'));
    await expect(readAll('ENG')).rejects.toMatchObject({
      code: 'API_UNREACHABLE',
      message: expect.stringMatching(/^Linear rate-limited the key on the issues of ENG until \d{4}-/),
    });
  });
});
