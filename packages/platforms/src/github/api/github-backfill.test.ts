import { afterEach, describe, expect, it } from 'vitest';
import { ApiCredentialError, type BackfillPage, type SyncedRecord } from '../../kit/platform-api.js';
import { type FakeGithubApi, generateRepository, startFakeGithubApi } from '../testing/fake-github-api.js';
import { githubIngest } from '../webhook.js';
import { SYNC_RESOURCE_HEADER } from '../../kit/platform-api.js';
import { checkGithubCredential } from './check-github-credential.js';
import { githubBackfill } from './github-backfill.js';

const since = new Date('2020-01-01T00:00:00Z');
const plan = githubBackfill({ retryBaseMs: 1 });
let api: FakeGithubApi | undefined;
afterEach(async () => api?.close());

async function readAll(
  scope: string,
  cursor: unknown = null,
  stopAfter = Number.POSITIVE_INFINITY,
): Promise<{ records: SyncedRecord[]; pages: BackfillPage[] }> {
  const pages: BackfillPage[] = [];
  const credential = { token: 'ghp_fixture', apiUrl: api?.url ?? null };
  for await (const page of plan.pages({ credential, scope, since, cursor, signal: new AbortController().signal })) {
    pages.push(page);
    if (pages.length >= stopAfter) break;
  }
  return { records: pages.flatMap((page) => page.records), pages };
}

describe('GitHub backfill through the REST API', () => {
  it('checks a token with GET /user and refuses a revoked one or one without the repo scope', async () => {
    api = await startFakeGithubApi();
    expect(await checkGithubCredential({ token: 'ghp_fixture', apiUrl: api.url })).toMatchObject({ account: 'octokit-fixture-user-a' });
    await expect(checkGithubCredential({ token: 'ghp_revoked', apiUrl: api.url })).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    api.scopes = 'gist, user';
    const refused = await checkGithubCredential({ token: 'ghp_fixture', apiUrl: api.url }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiCredentialError);
    expect(refused).toMatchObject({ code: 'CREDENTIAL_INSUFFICIENT', message: expect.stringContaining('lacks the repo scope') });
  });

  it('reads every page of every phase once, and each record normalises like a webhook snapshot', async () => {
    const repo = generateRepository({
      fullName: 'acme/web',
      issues: 250,
      pullRequestEvery: 5,
      commentsPerIssue: 1,
      reviewsPerPullRequest: 1,
      reviewCommentsPerPullRequest: 1,
      commits: 120,
      releases: 3,
      start: new Date('2024-01-01T00:00:00Z'),
    });
    api = await startFakeGithubApi({ repos: [repo] });
    const { records } = await readAll('acme/web');
    const ids = records.map((record) => record.itemId);
    expect(new Set(ids).size).toBe(ids.length);
    const count = (resource: string) => records.filter((record) => record.resource === resource).length;
    expect([count('issue'), count('issue_comment'), count('review'), count('review_comment'), count('commit'), count('release')]).toEqual([
      250, 250, 50, 50, 120, 3,
    ]);

    const comment = records.find((record) => record.resource === 'issue_comment') as SyncedRecord;
    const result = githubIngest.normalize({
      team: 'acme',
      platform: 'github',
      deliveryId: 'sync:test',
      receivedAt: new Date().toISOString(),
      headers: { [SYNC_RESOURCE_HEADER]: comment.resource },
      rawBody: Buffer.from(JSON.stringify(comment.body)),
      payload: JSON.parse(JSON.stringify(comment.body)),
    });
    expect(result.outcome).toBe('events');
    const observed = result.outcome === 'events' ? result.events.filter((event) => event.type === 'item.observed') : [];
    expect(observed.map((event) => event.type === 'item.observed' && event.data.item)).toEqual([
      expect.objectContaining({
        id: comment.itemId,
        kind: 'comment',
        title: 'Comment on acme/web#1: Problem 1 in acme/web',
        version: comment.version,
      }),
      expect.objectContaining({ id: 'github:repository:acme/web', kind: 'repository' }),
    ]);
  });

  it('resumes from a saved cursor without reading a page twice', async () => {
    api = await startFakeGithubApi({
      repos: [generateRepository({ fullName: 'acme/web', issues: 350, start: new Date('2024-01-01T00:00:00Z') })],
    });
    const first = await readAll('acme/web', null, 2);
    const rest = await readAll('acme/web', first.pages.at(-1)?.cursor);
    const numbers = [...first.records, ...rest.records].filter((record) => record.resource === 'issue').map((record) => record.itemId);
    expect(numbers).toHaveLength(350);
    expect(new Set(numbers).size).toBe(350);
  });

  it('waits out a 429 and a secondary rate limit with Retry-After, and retries a 502, then finishes', async () => {
    api = await startFakeGithubApi({
      repos: [generateRepository({ fullName: 'acme/web', issues: 150, start: new Date('2024-01-01T00:00:00Z') })],
    });
    api.inject(/\/issues$/, { status: 429, headers: { 'retry-after': '1' } });
    api.inject(/\/issues$/, {
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    api.inject(/\/issues$/, { status: 502 });
    const { records } = await readAll('acme/web');
    expect(records.filter((record) => record.resource === 'issue')).toHaveLength(150);
  });

  it('says a revoked token is refused (401) and a missing repository is not found', async () => {
    api = await startFakeGithubApi({ repos: [generateRepository({ fullName: 'acme/web', issues: 5 })] });
    api.tokens.clear();
    await expect(readAll('acme/web')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    api.tokens.set('ghp_fixture', 'octokit-fixture-user-a');
    await expect(readAll('acme/nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
