import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignedHeaders } from '@pipe/platforms/testing';
import { SLACK_SIGNING_EXAMPLE, slackExample } from '@pipe/platforms/testing';
import { slack } from '@pipe/platforms';

let events = 0;
/** A documented example with an event id of its own, so tests do not deduplicate each other. */
function example(name: Parameters<typeof slackExample>[0]): string {
  const payload = slackExample(name);
  events += 1;
  if (payload.event_id) payload.event_id = `Ev${Date.now()}X${events}`;
  return JSON.stringify(payload);
}

describe('POST /webhooks/slack/:team', () => {
  let h: IngestHarness;
  let secret: string;
  beforeAll(async () => {
    h = await createIngestHarness(slack.ingest);
    secret = h.secret as string;
  });
  afterAll(() => h.cleanup());

  const post = (body: string, headers: Record<string, string> = slackSignedHeaders(secret, body), team?: string) =>
    h.post(body, { headers, ...(team ? { team } : {}) });

  it('answers url_verification with its challenge, storing nothing', async () => {
    const before = [await h.storedEvents(), await h.storedRaw()];
    const response = await post(JSON.stringify(slackExample('url_verification')));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    expect([await h.storedEvents(), await h.storedRaw()]).toEqual(before);
  });

  it('stores a signed message with 200, and a retry (X-Slack-Retry-Num) only once', async () => {
    const before = await h.storedEvents();
    const body = example('message');
    const first = await post(body);
    expect(first.statusCode).toBe(200);
    // Each delivery also observes the container of what it carries (issue 15, defect 5).
    expect(first.json()).toMatchObject({ accepted: true, duplicate: false, events: 4 });
    const retry = await post(body, {
      ...slackSignedHeaders(secret, body),
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ duplicate: true });
    expect((await h.storedEvents()) - before).toBe(4);
    const stored = await h.events(before + 1);
    expect(stored.find((e) => e.type === 'item.observed')).toMatchObject({
      source: { platform: 'slack', deliveryId: JSON.parse(body).event_id },
    });
    const raw = (await h.rawDeliveries()).filter((r) => r.deliveryId === JSON.parse(body).event_id);
    expect(raw).toHaveLength(1);
    expect(Buffer.from(raw[0]!.body).toString()).toBe(body);
  });

  it('rejects a forged or missing signature with 401 and stores nothing', async () => {
    const before = [await h.storedEvents(), await h.storedRaw()];
    const body = example('message');
    const forged = await post(body, slackSignedHeaders('not-the-signing-secret', body));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toEqual({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('signing secret') });
    const tampered = await post(body.replace('prospect', 'prosper'), slackSignedHeaders(secret, body));
    expect(tampered.json().error.code).toBe('SIGNATURE_INVALID');
    const missing = await post(body, { 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('SIGNATURE_MISSING');
    expect([await h.storedEvents(), await h.storedRaw()]).toEqual(before);
  });

  it('rejects a timestamp more than five minutes off, past or future, even when correctly signed', async () => {
    const before = await h.storedEvents();
    const body = example('message');
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 6 * 60, now + 6 * 60]) {
      const response = await post(body, slackSignedHeaders(secret, body, timestamp));
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toEqual({ code: 'TIMESTAMP_STALE', message: expect.stringContaining('X-Slack-Request-Timestamp') });
    }
    expect((await post(body, slackSignedHeaders(secret, body, now - 4 * 60))).statusCode).toBe(200);
    expect(await h.storedEvents()).toBeGreaterThan(before);
  });

  it("verifies Slack's documented signing example with Slack's own verifier", () => {
    const { signingSecret, timestamp, body, signature } = SLACK_SIGNING_EXAMPLE;
    const context = (sig: string) => ({
      team: 'acme',
      headers: { 'x-slack-signature': sig, 'x-slack-request-timestamp': String(timestamp) },
      rawBody: Buffer.from(body),
      secret: signingSecret,
      nowMs: timestamp * 1000 + 1000,
      io: h.deps.io,
    });
    expect(() => slack.ingest.verify(context(signature))).not.toThrow();
    expect(() => slack.ingest.verify(context(signature.replace('a2114', 'a2115')))).toThrow(/does not match/);
  });

  it('answers 413 for an oversized body and 400 for a malformed one, storing nothing', async () => {
    const before = [await h.storedEvents(), await h.storedRaw()];
    const small = h.buildApp({ bodyLimitBytes: 256 });
    const body = example('thread_broadcast');
    expect(body.length).toBeGreaterThan(256);
    const large = await h.post(body, { headers: slackSignedHeaders(secret, body), via: small });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = '{"type":"event_callback",';
    const malformed = await post(broken);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_BODY');
    const payload = JSON.parse(example('message'));
    delete payload.event_id;
    const noId = await post(JSON.stringify(payload));
    expect(noId.statusCode).toBe(400);
    expect(noId.json().error).toMatchObject({ code: 'INVALID_PAYLOAD', message: expect.stringContaining('event_id') });
    expect([await h.storedEvents(), await h.storedRaw()]).toEqual(before);
  });

  it('accepts an event it does not normalise and records it as skipped', async () => {
    const before = await h.storedEvents();
    const response = await post(example('app_mention'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ events: 0, skipped: expect.stringContaining('app_mention') });
    const [skipped] = await h.events(before + 1);
    expect(skipped).toMatchObject({ type: 'delivery.skipped', source: { platform: 'slack' }, data: { event: 'app_mention' } });
  });

  it('answers an unknown team like a bad signature, and 401 naming `pipe team set-secret` when the team has no signing secret', async () => {
    const body = example('message');
    const unknown = await post(body, slackSignedHeaders(secret, body), 'nobody');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('SIGNATURE_INVALID');
    const bare = await createIngestHarness(slack.ingest, { secret: null });
    try {
      const response = await bare.post(body, { headers: slackSignedHeaders(secret, body) });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toEqual({
        code: 'SECRET_NOT_SET',
        message: expect.stringContaining('pipe team set-secret acme slack'),
      });
    } finally {
      await bare.cleanup();
    }
  });

  it('answers 503 with Retry-After when NATS is unreachable, having stored nothing', async () => {
    const before = await h.storedEvents();
    const offline = h.buildApp({ publisher: await h.offlinePublisher() });
    const body = example('message');
    const response = await h.post(body, { headers: slackSignedHeaders(secret, body), via: offline });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(await h.storedEvents()).toBe(before);
  });
});
