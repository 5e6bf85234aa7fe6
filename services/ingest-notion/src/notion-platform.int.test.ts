import { signWebhookPayload } from '@notionhq/client';
import { getWebhookSecret, setWebhookSecret } from '@pipe/db';
import { createIngestHarness, type IngestHarness } from '@pipe/ingest-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTION_API_TOKEN, type NotionIngest, notionIngest } from '@pipe/platforms';
import { type FakeNotionApi, notionFixture, startFakeNotionApi } from '@pipe/platforms/testing';

const PAGE = '153104cd-477e-809d-8dc4-ff2d96ae3090';
let h: IngestHarness;
let api: FakeNotionApi;
let fetcher: NotionIngest['contentFetches'];
const verification = notionFixture('verification');
const token: string = verification.verification_token;

beforeAll(async () => {
  api = await startFakeNotionApi(
    { [PAGE]: { title: 'Quarterly plan', paragraphs: ['Depends on ENG-42.'], lastEditedTime: '2024-12-05T23:55:00.000Z' } },
    'ntn_api',
  );
  h = await createIngestHarness(
    () => {
      const platform = notionIngest({ apiBaseUrl: api.baseUrl });
      fetcher = platform.contentFetches;
      return platform;
    },
    { secret: null },
  );
});
afterAll(async () => {
  await h?.cleanup();
  await api?.close();
});

async function deliver(payload: unknown, options: { secret?: string; raw?: string } = {}) {
  const body = options.raw ?? JSON.stringify(payload);
  const signature = await signWebhookPayload({ body, verificationToken: options.secret ?? token });
  return h.post(body, { headers: { 'x-notion-signature': signature } });
}

describe('ingest-notion', () => {
  it('answers events 401 SECRET_NOT_SET before the handshake', async () => {
    const response = await deliver(notionFixture('page.created'));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('SECRET_NOT_SET');
  });

  it('stores the verification token from the unsigned handshake, encrypted, answering 200', async () => {
    const before = await h.storedEvents();
    const response = await h.post(JSON.stringify(verification));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, stored: true });
    expect(await getWebhookSecret(h.testDb.db, h.box, h.team, 'notion')).toBe(token);
    // A second, different token does not replace it: the handshake is not signed.
    const forged = await h.post(JSON.stringify({ verification_token: 'secret_forged' }));
    expect(forged.json()).toEqual({ ok: true, stored: false });
    expect(await getWebhookSecret(h.testDb.db, h.box, h.team, 'notion')).toBe(token);
    expect(await h.storedEvents()).toBe(before);
  });

  it('stores a signed page event (the token now verifies) and answers 202', async () => {
    const before = await h.storedEvents();
    const response = await deliver(notionFixture('page.created'));
    expect(response.statusCode).toBe(202);
    // Each delivery also observes the container of what it carries (issue 15, defect 5).
    expect(response.json()).toMatchObject({ accepted: true, delivery: '367cba44-b6f3-4c92-81e7-6a2e9659efd4', events: 4 });
    expect((await h.storedEvents()) - before).toBe(4);
    await fetcher.idle();
    // No Notion API token yet: nothing fetched.
    expect((await h.storedEvents()) - before).toBe(4);
  });

  it("fetches the page's content after answering when the team has a Notion API token", async () => {
    await setWebhookSecret(h.testDb.db, h.box, h.team, NOTION_API_TOKEN, 'ntn_api');
    const before = await h.storedEvents();
    const response = await deliver(notionFixture('page.properties_updated'));
    expect(response.statusCode).toBe(202);
    await fetcher.idle();
    const events = await h.events(before + 1);
    const content = events.at(-1);
    expect(content?.type === 'item.observed' && content.data.item).toMatchObject({
      id: `notion:page:${PAGE}`,
      title: 'Quarterly plan',
      body: 'Depends on ENG-42.',
    });
  });

  it('stores a redelivered event (same id) once', async () => {
    await deliver(notionFixture('comment.created'));
    const before = await h.storedEvents();
    const again = await deliver({ ...notionFixture('comment.created'), attempt_number: 2 });
    expect(again.statusCode).toBe(202);
    expect(again.json().duplicate).toBe(true);
    expect(await h.storedEvents()).toBe(before);
  });

  it('answers a forged signature 401, a malformed body 400, an oversized one 413', async () => {
    const forged = await deliver(notionFixture('page.deleted'), { secret: 'secret_other' });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('SIGNATURE_INVALID');
    const malformed = await deliver(null, { raw: '{"id": "x", ' });
    expect(malformed.statusCode).toBe(400);
    const small = h.buildApp({ bodyLimitBytes: 1024 });
    const big = JSON.stringify({ ...notionFixture('page.deleted'), padding: 'x'.repeat(2048) });
    const response = await h.post(big, {
      via: small,
      headers: { 'x-notion-signature': await signWebhookPayload({ body: big, verificationToken: token }) },
    });
    expect(response.statusCode).toBe(413);
  });

  it('records an event type it does not normalise as skipped with 202', async () => {
    const response = await deliver(notionFixture('page.locked'));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ events: 0, skipped: "notion 'page.locked' events are not normalised yet" });
  });

  it('answers 503 when NATS does not acknowledge', async () => {
    const offline = h.buildApp({ publisher: await h.offlinePublisher() });
    const body = JSON.stringify({ ...notionFixture('page.deleted'), id: 'offline-event' });
    const response = await h.post(body, {
      via: offline,
      headers: { 'x-notion-signature': await signWebhookPayload({ body, verificationToken: token }) },
    });
    expect(response.statusCode).toBe(503);
  });
});
