import { randomBytes, randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { connectBus, publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam, getWebhookSecret } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { decodeEvent } from '@pipe/events';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestGithubDeps, buildApp } from './app.js';
import { githubExample } from './normalize/testing/github-examples.js';

describe('POST /webhooks/github/:team', () => {
  let bus: TestBus;
  let t: TestDb;
  let secret: string;
  let deps: IngestGithubDeps;
  let app: FastifyInstance;
  const box = new SecretBox(randomBytes(32));

  beforeAll(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
    secret = (await createTeam(t.db, box, 'acme')).webhookSecrets.github as string;
    deps = {
      bodyLimitBytes: 1024 * 1024,
      publish: (event, msgId) => publishEvent(bus.js, bus.names, event, { msgId }),
      secretFor: (team) => getWebhookSecret(t.db, box, team, 'github'),
      notReadyReason: async () => null,
    };
    app = buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  const storedEvents = async () => (await bus.jsm.streams.info(bus.names.events)).state.messages;

  async function post(body: string, options: { event?: string; delivery?: string; signature?: string | null; team?: string; contentType?: string; via?: FastifyInstance } = {}) {
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/json',
      'x-github-event': options.event ?? 'issues',
      'x-github-delivery': options.delivery ?? randomUUID(),
    };
    const signature = options.signature === undefined ? await sign(secret, body) : options.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return (options.via ?? app).inject({ method: 'POST', url: `/webhooks/github/${options.team ?? 'acme'}`, headers, payload: body });
  }

  it('stores a signed real issues.opened delivery, and a redelivery only once', async () => {
    const before = await storedEvents();
    const body = JSON.stringify(githubExample('issues', 'opened'));
    const delivery = randomUUID();
    const first = await post(body, { delivery });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ accepted: true, delivery, duplicate: false });
    const stored = (await storedEvents()) - before;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBe(first.json().events);

    const again = await post(body, { delivery });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ duplicate: true });
    expect((await storedEvents()) - before).toBe(stored);

    const last = await bus.jsm.streams.getMessage(bus.names.events, { seq: before + 1 });
    const event = decodeEvent(last!.data);
    expect(event).toMatchObject({ team: 'acme', source: { platform: 'github', deliveryId: delivery } });
  });

  it('rejects a missing or wrong signature with 401 and stores nothing', async () => {
    const before = await storedEvents();
    const body = JSON.stringify(githubExample('issues', 'opened'));
    const missing = await post(body, { signature: null });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('SIGNATURE_MISSING');
    const wrong = await post(body, { signature: await sign('another-secret', body) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('secret') });
    const tampered = await post(body.replace('"opened"', '"closed"'), { signature: await sign(secret, body) });
    expect(tampered.statusCode).toBe(401);
    expect(await storedEvents()).toBe(before);
  });

  it('answers 413 for a body over the limit', async () => {
    const small = buildApp({ ...deps, bodyLimitBytes: 2048 });
    const body = JSON.stringify(githubExample('issues', 'opened'));
    expect(body.length).toBeGreaterThan(2048);
    const response = await post(body, { via: small });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    await small.close();
  });

  it('answers 400 for a signed body that is not JSON, or a payload missing what it must have', async () => {
    const notJson = await post('{"action": "opened",');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('MALFORMED_BODY');
    const { issue: _issue, ...withoutIssue } = githubExample('issues', 'opened');
    const invalid = await post(JSON.stringify(withoutIssue));
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({ code: 'INVALID_PAYLOAD', message: expect.stringContaining('issue') });
  });

  it('accepts an event type it does not normalise and records it as skipped', async () => {
    const before = await storedEvents();
    const response = await post(JSON.stringify(githubExample('star', 'created')), { event: 'star' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: true, events: 0, skipped: expect.stringContaining('star') });
    const stored = await bus.jsm.streams.getMessage(bus.names.events, { seq: before + 1 });
    expect(decodeEvent(stored!.data)).toMatchObject({ type: 'delivery.skipped', data: { event: 'star', action: 'created' } });
  });

  it('answers 503 with Retry-After when NATS is unreachable, having stored nothing', async () => {
    const before = await storedEvents();
    const gone = await connectBus({ url: bus.url, name: 'closed' });
    await gone.nc.close();
    const offline = buildApp({ ...deps, publish: (event, msgId) => publishEvent(gone.js, bus.names, event, { msgId, timeoutMs: 500 }) });
    const response = await post(JSON.stringify(githubExample('issues', 'opened')), { via: offline });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().error.code).toBe('BUS_UNAVAILABLE');
    expect(await storedEvents()).toBe(before);
    await offline.close();
  });

  it('answers a ping, 404 for an unknown team and 415 for form-encoded deliveries', async () => {
    expect((await post(JSON.stringify(githubExample('ping')), { event: 'ping' })).statusCode).toBe(200);
    const unknown = await post('{}', { team: 'nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('pipe team create nobody');
    const form = await post('payload=%7B%7D', { contentType: 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.message).toContain('application/json');
  });

  it('serves /health and /ready', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/ready')).statusCode).toBe(200);
    const down = buildApp({ ...deps, notReadyReason: async () => 'Postgres is unreachable' });
    const ready = await down.inject('/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.message).toBe('Postgres is unreachable');
    await down.close();
  });
});
