import { generateKeyPairSync } from 'node:crypto';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordIngest } from '@pipe/platforms';
import { discordFixture, signDiscordDelivery } from '@pipe/platforms/testing';

/** A real Ed25519 key pair; the public key in the hex form Discord's portal shows. */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicHex: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'), privateKey };
}

describe('POST /webhooks/discord/:team', () => {
  const discord = keyPair();
  const relay = keyPair();
  let h: IngestHarness;

  beforeAll(async () => {
    h = await createIngestHarness(discordIngest(), { secret: `${discord.publicHex},${relay.publicHex}` });
  });
  afterAll(async () => h?.cleanup());

  const send = (payload: unknown, options: { key?: ReturnType<typeof keyPair>['privateKey']; nowMs?: number; body?: string } = {}) => {
    const body = options.body ?? JSON.stringify(payload);
    return h.post(body, { headers: signDiscordDelivery(options.key ?? relay.privateKey, body, options.nowMs) });
  };

  it('answers an interaction PING with a PONG and a webhook-event PING with 204, storing nothing', async () => {
    const before = await h.storedEvents();
    const ping = await send(discordFixture('interaction-ping'), { key: discord.privateKey });
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toEqual({ type: 1 });
    const eventPing = await send(discordFixture('webhook-event-ping'), { key: discord.privateKey });
    expect(eventPing.statusCode).toBe(204);
    expect(eventPing.body).toBe('');
    expect(await h.storedEvents()).toBe(before);
  });

  it('stores a relayed MESSAGE_CREATE, and a replay of it (even re-signed later) only once', async () => {
    const before = await h.storedEvents();
    const rawBefore = await h.storedRaw();
    const created = discordFixture('message-create');
    // Each delivery also observes the container of what it carries (issue 15, defect 5).
    expect((await send(created)).statusCode).toBe(204);
    expect((await h.storedEvents()) - before).toBe(4);
    expect((await h.storedRaw()) - rawBefore).toBe(1);

    expect((await send(created)).statusCode).toBe(204);
    // A relay that reconnects replays with a new sequence number and a new signature.
    expect((await send({ ...created, s: 7 }, { nowMs: Date.now() + 1000 })).statusCode).toBe(204);
    expect((await h.storedEvents()) - before).toBe(4);
    expect((await h.storedRaw()) - rawBefore).toBe(1);

    const stored = await h.events(before + 1);
    expect(stored.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    expect(stored[1]).toMatchObject({
      team: 'acme',
      source: {
        platform: 'discord',
        deliveryId: 'MESSAGE_CREATE:278325129692446720/290926798999357250/334385199974967042@2017-07-11T17:27:07.299000+00:00',
      },
      data: { item: { id: 'discord:message:278325129692446720/290926798999357250/334385199974967042' } },
    });
  });

  it('stores an edit as its own delivery and a delete as a removal', async () => {
    const before = await h.storedEvents();
    expect((await send(discordFixture('message-update'))).statusCode).toBe(204);
    expect((await send(discordFixture('message-delete'))).statusCode).toBe(204);
    const stored = await h.events(before + 1);
    // The second item of each is the channel (issue 15, defect 5).
    expect(stored.map((event) => event.type)).toEqual([
      'identity.observed',
      'item.observed',
      'item.observed',
      'activity.observed',
      'item.removed',
      'item.observed',
      'activity.observed',
    ]);
  });

  it('rejects a missing, forged or stale signature with 401 and stores nothing', async () => {
    const before = await h.storedEvents();
    const rawBefore = await h.storedRaw();
    const body = JSON.stringify(discordFixture('message-reply'));
    const unsigned = await h.post(body);
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.code).toBe('SIGNATURE_MISSING');
    const forged = await send(undefined, { body, key: keyPair().privateKey });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toEqual({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('public keys') });
    const stale = await send(undefined, { body, nowMs: Date.now() - 10 * 60_000 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe('TIMESTAMP_STALE');
    expect(await h.storedEvents()).toBe(before);
    expect(await h.storedRaw()).toBe(rawBefore);
  });

  it('answers 413 for an oversized body and 400 for a malformed or unrecognisable one', async () => {
    const small = h.buildApp({ bodyLimitBytes: 1024 });
    const big = JSON.stringify({ ...discordFixture('message-create'), padding: 'x'.repeat(2048) });
    const tooLarge = await h.post(big, { headers: signDiscordDelivery(relay.privateKey, big), via: small });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');

    const before = await h.storedEvents();
    const notJson = await send(undefined, { body: '{"op": 0, "t": ' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('MALFORMED_BODY');
    const strange = await send({ hello: 'discord' });
    expect(strange.statusCode).toBe(400);
    expect(strange.json().error.code).toBe('INVALID_PAYLOAD');
    const { author: _author, ...withoutAuthor } = discordFixture('message-create').d;
    const invalid = await send({ ...discordFixture<Record<string, unknown>>('message-create'), d: withoutAuthor });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('author');
    expect(await h.storedEvents()).toBe(before);
  });

  it('accepts an event type it does not normalise and records it as skipped', async () => {
    const before = await h.storedEvents();
    expect((await send(discordFixture('message-reaction-add'))).statusCode).toBe(204);
    const [skipped] = await h.events(before + 1);
    expect(skipped).toMatchObject({
      type: 'delivery.skipped',
      data: { event: 'MESSAGE_REACTION_ADD', reason: expect.stringContaining('not normalised') },
    });
  });

  it('answers 503 with Retry-After when NATS is unreachable, having stored nothing', async () => {
    const before = await h.storedEvents();
    const offline = h.buildApp({ publisher: await h.offlinePublisher() });
    const body = JSON.stringify(discordFixture('message-reply'));
    const response = await h.post(body, { headers: signDiscordDelivery(relay.privateKey, body), via: offline });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().error.code).toBe('BUS_UNAVAILABLE');
    expect(await h.storedEvents()).toBe(before);
  });

  it('refuses a team whose stored key is not a Discord public key, saying how to set it', async () => {
    await h.addTeam('broken', 'not-a-key');
    const body = JSON.stringify(discordFixture('message-create'));
    const response = await h.post(body, { headers: signDiscordDelivery(relay.privateKey, body), team: 'broken' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toContain('pipe team set-secret broken discord');
  });
});
