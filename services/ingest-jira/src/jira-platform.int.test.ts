import { createIngestHarness, type IngestHarness } from '@pipe/ingest-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jira } from '@pipe/platforms';
import { jiraFixture } from '@pipe/platforms/testing';
import { signJiraBody } from '@pipe/platforms/testing';

let h: IngestHarness;
let deliveries = 0;

beforeAll(async () => {
  h = await createIngestHarness(jira.ingest);
});
afterAll(async () => h?.cleanup());

/** Posts a body signed as Jira signs it, under a fresh (or given) X-Atlassian-Webhook-Identifier. */
function deliver(payload: unknown, options: { id?: string; secret?: string; raw?: string } = {}) {
  const body = options.raw ?? JSON.stringify(payload);
  deliveries += 1;
  return h.post(body, {
    headers: {
      'x-hub-signature': signJiraBody(options.secret ?? (h.secret as string), body),
      'x-atlassian-webhook-identifier': options.id ?? `jira-delivery-${deliveries}`,
      'x-atlassian-webhook-flow': 'Primary',
    },
  });
}

describe('ingest-jira', () => {
  it('stores a signed issue delivery and answers 202 after the ack', async () => {
    const before = await h.storedEvents();
    const response = await deliver(jiraFixture('issue-created'));
    expect(response.statusCode).toBe(202);
    // Each delivery also observes the container of what it carries (issue 15, defect 5).
    expect(response.json()).toMatchObject({ accepted: true, events: 4, duplicate: false });
    expect((await h.storedEvents()) - before).toBe(4);
  });

  it('stores a redelivery once', async () => {
    const first = await deliver(jiraFixture('comment-created'), { id: 'replayed-1' });
    const before = await h.storedEvents();
    const again = await deliver(jiraFixture('comment-created'), { id: 'replayed-1' });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ duplicate: true });
    expect(await h.storedEvents()).toBe(before);
  });

  it('answers a forged signature 401 and stores nothing', async () => {
    const before = await h.storedEvents();
    const response = await deliver(jiraFixture('issue-updated'), { secret: 'not-the-team-secret' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('SIGNATURE_INVALID');
    const unsigned = await h.post(JSON.stringify(jiraFixture('issue-updated')), { headers: { 'x-atlassian-webhook-identifier': 'x' } });
    expect(unsigned.json().error.code).toBe('SIGNATURE_MISSING');
    expect(await h.storedEvents()).toBe(before);
  });

  it('answers a malformed body 400 and an oversized one 413', async () => {
    const malformed = await deliver(null, { raw: '{"webhookEvent": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_BODY');
    const small = h.buildApp({ bodyLimitBytes: 1024 });
    const big = JSON.stringify({ ...jiraFixture('issue-updated'), padding: 'x'.repeat(2048) });
    const response = await h.post(big, {
      via: small,
      headers: { 'x-hub-signature': signJiraBody(h.secret as string, big), 'x-atlassian-webhook-identifier': 'big' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('records an unknown event as skipped with 202', async () => {
    const before = await h.storedEvents();
    const response = await deliver({ timestamp: 1525698237764, webhookEvent: 'worklog_created', worklog: { id: '1' } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ events: 0, skipped: "jira event 'worklog_created' is not normalised yet" });
    const events = await h.events(before + 1);
    expect(events.map((event) => event.type)).toEqual(['delivery.skipped']);
  });

  it('resolves an issue link once both issues were seen', async () => {
    const other = jiraFixture('issue-created');
    other.issue.id = '99292';
    other.issue.key = 'JRA-20003';
    await deliver(jiraFixture('issue-created'));
    const early = await deliver(jiraFixture('issuelink-created'));
    expect(early.json().skipped).toMatch(/99292 not seen yet/);
    await deliver(other);
    const before = await h.storedEvents();
    const response = await deliver(jiraFixture('issuelink-created'));
    expect(response.json()).toMatchObject({ events: 1 });
    const [link] = await h.events(before + 1);
    expect(link).toMatchObject({
      type: 'link.observed',
      data: { from: 'jira:issue:JRA-20002', to: 'jira:issue:JRA-20003', edge: 'BLOCKS', removed: false },
    });
  });

  it('answers 503 when NATS does not acknowledge', async () => {
    const offline = h.buildApp({ publisher: await h.offlinePublisher() });
    const body = JSON.stringify(jiraFixture('issue-updated'));
    const response = await h.post(body, {
      via: offline,
      headers: { 'x-hub-signature': signJiraBody(h.secret as string, body), 'x-atlassian-webhook-identifier': 'offline' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('BUS_UNAVAILABLE');
  });
});
