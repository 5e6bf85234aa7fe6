import { createHmac } from 'node:crypto';
import { createIngestHarness, type IngestHarness } from '@pipe/ingest-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linear } from '@pipe/platforms';
import { type LinearFixture, linearFixture } from '@pipe/platforms/testing';

let h: IngestHarness;
let deliveries = 0;

beforeAll(async () => {
  h = await createIngestHarness(linear.ingest);
});
afterAll(async () => h?.cleanup());

/** A fixture as Linear would send it now (`webhookTimestamp` is checked against the clock). */
function fresh(name: LinearFixture, sentAt = Date.now()) {
  return { ...linearFixture(name), webhookTimestamp: sentAt };
}

/** Posts a body signed as Linear signs it (hex HMAC-SHA256 of the raw body). */
function deliver(payload: unknown, options: { id?: string; secret?: string; raw?: string } = {}) {
  const body = options.raw ?? JSON.stringify(payload);
  deliveries += 1;
  return h.post(body, {
    headers: {
      'linear-signature': createHmac('sha256', options.secret ?? (h.secret as string))
        .update(body)
        .digest('hex'),
      'linear-delivery': options.id ?? `linear-delivery-${deliveries}`,
      'linear-event': String((payload as { type?: unknown } | null)?.type ?? 'Issue'),
    },
  });
}

describe('ingest-linear', () => {
  it('stores a signed issue delivery and answers 202 after the ack', async () => {
    const before = await h.storedEvents();
    const response = await deliver(fresh('issue-create'));
    expect(response.statusCode).toBe(202);
    // Each delivery also observes the container of what it carries (issue 15, defect 5).
    expect(response.json()).toMatchObject({ accepted: true, events: 5, duplicate: false });
    expect((await h.storedEvents()) - before).toBe(5);
  });

  it('stores a redelivery (same Linear-Delivery) once', async () => {
    const payload = fresh('comment-create');
    await deliver(payload, { id: 'replayed' });
    const before = await h.storedEvents();
    const again = await deliver(payload, { id: 'replayed' });
    expect(again.statusCode).toBe(202);
    expect(again.json().duplicate).toBe(true);
    expect(await h.storedEvents()).toBe(before);
  });

  it('answers a forged signature 401 and a stale timestamp 401, storing nothing', async () => {
    const before = await h.storedEvents();
    const forged = await deliver(fresh('issue-create'), { secret: 'another-secret' });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('SIGNATURE_INVALID');
    const stale = await deliver(fresh('issue-create', Date.now() - 5 * 60_000));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe('TIMESTAMP_STALE');
    expect(await h.storedEvents()).toBe(before);
  });

  it('answers a malformed body 400 and an oversized one 413', async () => {
    const malformed = await deliver(null, { raw: '{"action": "create",' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_BODY');
    const small = h.buildApp({ bodyLimitBytes: 1024 });
    const big = JSON.stringify({ ...fresh('issue-create'), padding: 'x'.repeat(2048) });
    const signature = createHmac('sha256', h.secret as string)
      .update(big)
      .digest('hex');
    const response = await h.post(big, { via: small, headers: { 'linear-signature': signature, 'linear-delivery': 'big' } });
    expect(response.statusCode).toBe(413);
  });

  it('records an entity it does not normalise as skipped with 202', async () => {
    const response = await deliver({ ...fresh('issue-create'), type: 'Cycle' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ events: 0, skipped: "linear 'Cycle' events are not normalised yet" });
  });

  it('answers 503 when NATS does not acknowledge', async () => {
    const offline = h.buildApp({ publisher: await h.offlinePublisher() });
    const body = JSON.stringify(fresh('issue-create'));
    const signature = createHmac('sha256', h.secret as string)
      .update(body)
      .digest('hex');
    const response = await h.post(body, { via: offline, headers: { 'linear-signature': signature, 'linear-delivery': 'offline' } });
    expect(response.statusCode).toBe(503);
  });
});
