import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveConnection } from '../../kit/live-feed.js';
import { discordDeliveryId } from '../delivery-id.js';
import { type FakeDiscordApi, fakeDiscordMessage, startFakeDiscordApi } from '../testing/fake-discord-api.js';
import { type FakeDiscordGateway, startFakeDiscordGateway } from '../testing/fake-discord-gateway.js';
import { discordIngest } from '../webhook.js';
import { discordGateway } from './discord-gateway.js';

const GUILD = '278325129692446720';
const CHANNEL = '290926798999357250';

let api: FakeDiscordApi;
let gateway: FakeDiscordGateway;
let connection: LiveConnection | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
  await gateway?.close();
  await api?.close();
});

async function start(options: { heartbeatIntervalMs?: number } = {}) {
  api = await startFakeDiscordApi({ guilds: [{ id: GUILD, name: 'Acme', channels: [] }] });
  gateway = await startFakeDiscordGateway(api, options);
}

async function until(ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Discord Gateway connection Pipe holds (@discordjs/ws)', () => {
  it('identifies with the message intents, heartbeats, and hands over message dispatches unchanged, in order', async () => {
    await start({ heartbeatIntervalMs: 100 });
    const delivered: { t: string; s: number; d: { id: string } }[] = [];
    let slow = true;
    connection = await discordGateway.open({
      credential: { token: 'bot-token', apiUrl: api.url },
      deliver: async (payload) => {
        // The first store is slow: the later dispatches must still be stored after it.
        if (slow) await new Promise((resolve) => setTimeout(resolve, 100));
        slow = false;
        delivered.push(payload as never);
      },
      onEnd: () => undefined,
    });
    expect(gateway.identified).toHaveLength(1);
    expect(gateway.identified[0]).toMatchObject({
      token: 'bot-token',
      intents: GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    });
    const message = { ...fakeDiscordMessage(CHANNEL, new Date(), 'Deploy is green'), guild_id: GUILD };
    gateway.dispatch(GatewayDispatchEvents.MessageCreate, message);
    gateway.dispatch(GatewayDispatchEvents.TypingStart, { channel_id: CHANNEL, guild_id: GUILD, user_id: '1', timestamp: 1 });
    gateway.dispatch(GatewayDispatchEvents.MessageUpdate, {
      ...message,
      content: 'Deploy is red',
      edited_timestamp: new Date().toISOString(),
    });
    gateway.dispatch(GatewayDispatchEvents.MessageDelete, { id: message.id, channel_id: CHANNEL, guild_id: GUILD });
    await until(() => delivered.length === 3);
    expect(delivered.map((payload) => payload.t)).toEqual(['MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE']);
    // The body a relay would post: the same delivery id, the same normaliser.
    expect(delivered[0]).toMatchObject({ op: 0, t: 'MESSAGE_CREATE', d: { id: message.id, content: 'Deploy is green' } });
    expect(discordDeliveryId(delivered[0])).toBe(`MESSAGE_CREATE:${GUILD}/${CHANNEL}/${message.id}@${message.timestamp}`);
    const result = await discordIngest().normalize({
      team: 'acme',
      platform: 'discord',
      deliveryId: discordDeliveryId(delivered[1]),
      receivedAt: new Date().toISOString(),
      headers: {},
      rawBody: Buffer.from(JSON.stringify(delivered[1])),
      payload: delivered[1],
    });
    expect(result.outcome === 'events' && result.events.find((event) => event.type === 'item.observed')?.data).toMatchObject({
      item: { id: `discord:message:${GUILD}/${CHANNEL}/${message.id}`, body: 'Deploy is red' },
    });
    await until(() => gateway.heartbeats >= 2);
    await connection.close();
    connection = undefined;
    // A normal close: Discord ends the session instead of keeping it for a resume.
    await gateway.waitForCloses(1);
    expect(gateway.closes).toEqual([1000]);
    expect(gateway.sessions).toBe(0);
  });

  it('resumes the session after Discord drops the connection, and goes on handing over dispatches', async () => {
    await start();
    const delivered: { t: string; d: { id: string } }[] = [];
    connection = await discordGateway.open({
      credential: { token: 'bot-token', apiUrl: api.url },
      deliver: async (payload) => {
        delivered.push(payload as never);
      },
      onEnd: () => undefined,
    });
    // 4000 Unknown error: Discord allows a resume (op 6) on resume_gateway_url.
    gateway.kick(4000, 'Unknown error.');
    await gateway.waitForCloses(1);
    await until(() => gateway.resumed === 1);
    const message = { ...fakeDiscordMessage(CHANNEL, new Date(), 'After the resume'), guild_id: GUILD };
    gateway.dispatch(GatewayDispatchEvents.MessageCreate, message);
    await until(() => delivered.length === 1);
    expect(delivered[0]?.d.id).toBe(message.id);
    // Resumed, not identified again.
    expect(gateway.identified).toHaveLength(1);
  });

  it('refuses a token the Gateway rejects, and says to enable the Message Content intent when it is not', async () => {
    await start();
    const open = (token: string) =>
      discordGateway.open({ credential: { token, apiUrl: api.url }, deliver: async () => undefined, onEnd: () => undefined });
    // Rejected by the HTTP API first (GET /gateway/bot answers 401).
    await expect(open('revoked')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    // Accepted by the HTTP API, refused by the Gateway (4004).
    gateway.revokedTokens.add('bot-token');
    await expect(open('bot-token')).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED', message: expect.stringContaining('4004') });
    gateway.revokedTokens.clear();
    gateway.messageContentEnabled = false;
    await expect(open('bot-token')).rejects.toMatchObject({
      code: 'CREDENTIAL_INSUFFICIENT',
      message: expect.stringContaining('Message Content'),
    });
  });

  it('reports a connection Discord ends for good, after the payloads in hand are stored', async () => {
    await start();
    const ended: Error[] = [];
    connection = await discordGateway.open({
      credential: { token: 'bot-token', apiUrl: api.url },
      deliver: async () => undefined,
      onEnd: (error) => ended.push(error),
    });
    // Discord revokes the session: the token was reset in the Developer Portal.
    gateway.kick(4004, 'Authentication failed.');
    await until(() => ended.length === 1);
    expect(ended[0]).toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    connection = undefined;
  });
});
