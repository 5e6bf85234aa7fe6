import { randomUUID } from 'node:crypto';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { github } from '@pipe/platforms';
import { githubExample, signGithubBody } from '@pipe/platforms/testing';

describe('POST /webhooks/github/:team', () => {
  let h: IngestHarness;
  let secret: string;

  beforeAll(async () => {
    h = await createIngestHarness(github.ingest);
    secret = h.secret as string;
  });
  afterAll(() => h.cleanup());

  async function post(
    body: string,
    options: {
      event?: string;
      delivery?: string;
      signature?: string | null;
      team?: string;
      contentType?: string;
      via?: FastifyInstance;
    } = {},
  ) {
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/json',
      'x-github-event': options.event ?? 'issues',
      'x-github-delivery': options.delivery ?? randomUUID(),
    };
    const signature = options.signature === undefined ? await signGithubBody(secret, body) : options.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return h.post(body, { headers, ...(options.team ? { team: options.team } : {}), ...(options.via ? { via: options.via } : {}) });
  }

  it('stores a signed real issues.opened delivery, and a redelivery only once', async () => {
    const before = await h.storedEvents();
    const rawBefore = await h.storedRaw();
    const body = JSON.stringify(githubExample('issues', 'opened'));
    const delivery = randomUUID();
    const first = await post(body, { delivery });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ accepted: true, delivery, duplicate: false });
    const stored = (await h.storedEvents()) - before;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBe(first.json().events);

    const again = await post(body, { delivery });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ duplicate: true });
    expect((await h.storedEvents()) - before).toBe(stored);
    expect((await h.storedRaw()) - rawBefore).toBe(1);

    const [event] = await h.events(before + 1);
    expect(event).toMatchObject({ team: 'acme', source: { platform: 'github', deliveryId: delivery } });
  });

  it('keeps the verified raw delivery in PIPE_RAW, byte for byte, with its GitHub headers', async () => {
    const body = JSON.stringify(githubExample('issues', 'reopened'), null, 2);
    const delivery = randomUUID();
    expect((await post(body, { delivery })).statusCode).toBe(202);
    const raw = (await h.rawDeliveries()).find((record) => record.deliveryId === delivery);
    expect(raw).toMatchObject({ team: 'acme', platform: 'github', headers: { 'x-github-event': 'issues', 'x-github-delivery': delivery } });
    expect(Buffer.from(raw!.body).toString('utf8')).toBe(body);
    expect(raw!.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('rejects a missing or wrong signature with 401 and stores nothing', async () => {
    const before = await h.storedEvents();
    const rawBefore = await h.storedRaw();
    const body = JSON.stringify(githubExample('issues', 'opened'));
    const missing = await post(body, { signature: null });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('SIGNATURE_MISSING');
    const wrong = await post(body, { signature: await signGithubBody('another-secret', body) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('secret') });
    const tampered = await post(body.replace('"opened"', '"closed"'), { signature: await signGithubBody(secret, body) });
    expect(tampered.statusCode).toBe(401);
    expect(await h.storedEvents()).toBe(before);
    expect(await h.storedRaw()).toBe(rawBefore);
  });

  it('answers 413 for a body over the limit', async () => {
    const small = h.buildApp({ bodyLimitBytes: 2048 });
    const body = JSON.stringify(githubExample('issues', 'opened'));
    expect(body.length).toBeGreaterThan(2048);
    const response = await post(body, { via: small });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 for a signed body that is not JSON, or a payload missing what it must have, storing nothing', async () => {
    const before = await h.storedEvents();
    const rawBefore = await h.storedRaw();
    const notJson = await post('{"action": "opened",');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('MALFORMED_BODY');
    const { issue: _issue, ...withoutIssue } = githubExample('issues', 'opened');
    const invalid = await post(JSON.stringify(withoutIssue));
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({ code: 'INVALID_PAYLOAD', message: expect.stringContaining('issue') });
    const noEvent = await h.post('{}', {
      headers: { 'x-github-delivery': randomUUID(), 'x-hub-signature-256': await signGithubBody(secret, '{}') },
    });
    expect(noEvent.statusCode).toBe(400);
    expect(noEvent.json().error.code).toBe('MISSING_HEADER');
    expect(await h.storedEvents()).toBe(before);
    expect(await h.storedRaw()).toBe(rawBefore);
  });

  it('accepts an event type it does not normalise and records it as skipped', async () => {
    const before = await h.storedEvents();
    const response = await post(JSON.stringify(githubExample('star', 'created')), { event: 'star' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: true, events: 0, skipped: expect.stringContaining('star') });
    const [skipped] = await h.events(before + 1);
    expect(skipped).toMatchObject({ type: 'delivery.skipped', data: { event: 'star', action: 'created' } });
  });

  it('answers 503 with Retry-After when NATS is unreachable, having stored nothing', async () => {
    const before = await h.storedEvents();
    const offline = h.buildApp({ publisher: await h.offlinePublisher() });
    const response = await post(JSON.stringify(githubExample('issues', 'opened')), { via: offline });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().error.code).toBe('BUS_UNAVAILABLE');
    expect(await h.storedEvents()).toBe(before);
  });

  it('answers a ping without storing it, an unknown team like a bad signature and 415 for form-encoded deliveries', async () => {
    const before = await h.storedEvents();
    const ping = await post(JSON.stringify(githubExample('ping')), { event: 'ping' });
    expect(ping.statusCode).toBe(200);
    expect(await h.storedEvents()).toBe(before);
    const unknown = await post('{}', { team: 'nobody' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('SIGNATURE_INVALID');
    const form = await post('payload=%7B%7D', { contentType: 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.message).toContain('application/json');
  });

  it('serves /health and /ready', async () => {
    expect((await h.app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await h.app.inject('/ready')).statusCode).toBe(200);
    const down = h.buildApp({ notReadyReason: async () => 'Postgres is unreachable' });
    const ready = await down.inject('/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.message).toBe('Postgres is unreachable');
  });
});
