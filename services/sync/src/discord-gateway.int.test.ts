import { startTestSync } from './testing/index.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kvm } from '@nats-io/kv';
import { liveLeaseBucket, readLiveLease } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam, saveSyncConnection } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import {
  type FakeDiscordApi,
  type FakeDiscordGateway,
  fakeDiscordMessage,
  startFakeDiscordApi,
  startFakeDiscordGateway,
} from '@pipe/platforms/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import type { Service } from '@pipe/service-runtime';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncConfig } from './config.js';
import { startSyncProcess } from './testing/sync-process.js';

const GUILD = '278325129692446720';
const CHANNEL = '290926798999357250';
const LEASE_MS = 1500;

/**
 * Issue 17, item 5: with a connected bot token the sync service holds the Discord Gateway itself —
 * one connection across instances (a NATS key-value lease) — and its message dispatches take the
 * same path as relayed ones: normaliser → PIPE_EVENTS, raw → PIPE_RAW.
 */
describe('services/sync holds the Discord Gateway of a connected bot', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeDiscordApi;
  let gateway: FakeDiscordGateway;
  const instances: Service<SyncConfig>[] = [];
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });

  const startInstance = async () => {
    const service = await startTestSync({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      SYNC_LIVE_LEASE_MS: String(LEASE_MS),
    });
    instances.push(service);
    return service;
  };

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    api = await startFakeDiscordApi({ guilds: [{ id: GUILD, name: 'Acme', channels: [] }], tokens: ['bot-acme'] });
    gateway = await startFakeDiscordGateway(api, { heartbeatIntervalMs: 300 });
    await createTeam(t.db, box, 'acme');
    await saveSyncConnection(t.db, box, { team: 'acme', platform: 'discord', token: 'bot-acme', apiUrl: api.url, account: 'pipe-bot' });
  });
  afterAll(async () => {
    for (const service of instances) await service.stop();
    await gateway?.close();
    await api?.close();
    await bus?.jsm.streams.delete(`KV_${liveLeaseBucket(bus.names)}`).catch(() => undefined);
    await bus?.jsm.streams.delete(bus.names.events.replace(/PIPE_EVENTS$/, 'PIPE_SYNC')).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  const project = () => projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger, retryDelayMs: () => 5 });
  const row = (id: string) =>
    t.db
      .selectFrom('items')
      .select(['body', 'title', 'version', 'removed_at'])
      .where('team', '=', 'acme')
      .where('id', '=', id)
      .executeTakeFirst();
  const searchable = async (words: string) =>
    (
      await t.db
        .selectFrom('items')
        .select('id')
        .where('team', '=', 'acme')
        .where('removed_at', 'is', null)
        .where(sql<boolean>`search @@ plainto_tsquery('english', ${words})`)
        .execute()
    ).map((item) => item.id);
  /** Sends a dispatch and waits until the projector has applied it. */
  async function dispatched(event: string, data: unknown, until: () => Promise<boolean>): Promise<void> {
    gateway.dispatch(event, data);
    const deadline = Date.now() + 10_000;
    for (;;) {
      await project();
      if (await until()) return;
      if (Date.now() > deadline) throw new Error(`${event} did not reach the read model`);
      await sleep(50);
    }
  }

  const message = { ...fakeDiscordMessage(CHANNEL, new Date(Date.now() - 60_000), 'The quokka deploy is stuck at 40%'), guild_id: GUILD };
  const id = `discord:message:${GUILD}/${CHANNEL}/${message.id}`;

  it('holds one Gateway connection across two instances, identified with the message intents, heartbeating', async () => {
    await startInstance();
    await gateway.waitForSessions(1);
    await startInstance();
    // Several lease periods later the second instance has not opened a second session.
    await sleep(LEASE_MS * 2);
    expect(gateway.identified).toHaveLength(1);
    expect(gateway.sessions).toBe(1);
    expect(gateway.identified[0]).toMatchObject({ token: 'bot-acme', intents: (1 << 9) | (1 << 15) });
    expect(gateway.heartbeats).toBeGreaterThan(0);
    // What readers (the sources tool) see: held by one instance, open.
    expect(await readLiveLease(bus.jsm, bus.names, 'acme', 'discord')).toMatchObject({ holder: expect.any(String), open: true });
    expect(await readLiveLease(bus.jsm, bus.names, 'beta', 'discord')).toBeNull();
  });

  it('makes a MESSAGE_CREATE a searchable item, a MESSAGE_UPDATE changes it, a MESSAGE_DELETE removes it', async () => {
    await dispatched('MESSAGE_CREATE', message, async () => (await row(id)) !== undefined);
    expect(await row(id)).toMatchObject({ body: 'The quokka deploy is stuck at 40%', removed_at: null });
    expect(await searchable('quokka deploy stuck')).toEqual([id]);
    // The raw dispatch is kept like a relayed one, for `pipe replay --renormalize`.
    const raw = await bus.jsm.streams.getMessage(bus.names.raw, { last_by_subj: `${bus.names.subjectRoot}.raw.acme.discord` });
    expect(JSON.parse(raw?.string() ?? '{}')).toMatchObject({ op: 0, t: 'MESSAGE_CREATE', d: { id: message.id, guild_id: GUILD } });

    const edited = { ...message, content: 'The quokka deploy finished after a retry', edited_timestamp: new Date().toISOString() };
    await dispatched('MESSAGE_UPDATE', edited, async () => (await row(id))?.body === edited.content);
    expect(await searchable('quokka retry')).toEqual([id]);
    expect(await searchable('stuck')).toEqual([]);

    await dispatched(
      'MESSAGE_DELETE',
      { id: message.id, channel_id: CHANNEL, guild_id: GUILD },
      async () => (await row(id))?.removed_at !== null,
    );
    expect((await row(id))?.body).toBe('');
    expect(await searchable('quokka')).toEqual([]);
  });

  it('closes the connection normally when its instance drains, and another instance takes it over', async () => {
    const [holder] = instances;
    await holder?.stop();
    instances.shift();
    // A normal close (1000), after which the other instance identifies a new session within a lease or two.
    await gateway.waitForCloses(1);
    expect(gateway.closes[0]).toBe(1000);
    await gateway.waitForSessions(2, LEASE_MS * 4);
    expect(gateway.sessions).toBe(1);
    const later = { ...fakeDiscordMessage(CHANNEL, new Date(), 'Handed over: the wombat backup ran'), guild_id: GUILD };
    await dispatched('MESSAGE_CREATE', later, async () => (await row(`discord:message:${GUILD}/${CHANNEL}/${later.id}`)) !== undefined);
  });

  it('takes over the connection of an instance killed with -9 once its lease lapses', async () => {
    for (const service of instances.splice(0)) await service.stop();
    await gateway.waitForCloses(2);
    const killed = startSyncProcess({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      SYNC_INTERVAL_MS: '3600000',
      SYNC_LIVE_LEASE_MS: String(LEASE_MS),
    });
    try {
      await gateway.waitForSessions(3, 60_000);
      await startInstance();
      killed.child.kill('SIGKILL');
      await killed.exited;
      // Nobody closed it normally: the socket just dropped, and the lease lapses unrenewed.
      await gateway.waitForCloses(3);
      expect(gateway.closes[2]).not.toBe(1000);
      await gateway.waitForSessions(4, LEASE_MS * 4);
      expect(gateway.sessions).toBe(1);
    } finally {
      killed.child.kill('SIGKILL');
    }
  }, 90_000);

  it('lets the session go when its lease is found taken, and takes it back once free', async () => {
    const kv = await new Kvm(bus.js).open(liveLeaseBucket(bus.names));
    const sessionsBefore = gateway.identified.length;
    const closesBefore = gateway.closes.length;
    // Another holder's lease in place of this instance's: its next renewal is refused.
    await kv.delete('acme.discord');
    await kv.create('acme.discord', JSON.stringify({ holder: 'someone-else' }));
    await gateway.waitForCloses(closesBefore + 1, LEASE_MS * 3);
    expect(gateway.closes.at(-1)).toBe(1000);
    await sleep(LEASE_MS / 2);
    expect(gateway.sessions).toBe(0);
    // The other holder is gone (its entry lapses or is deleted): the connection is taken again.
    await kv.delete('acme.discord');
    await gateway.waitForSessions(sessionsBefore + 1, LEASE_MS * 4);
    expect(gateway.sessions).toBe(1);
  });

  it('marks the connection as needing a new token when the Gateway refuses it, and lets the connection go', async () => {
    gateway.revokedTokens.add('bot-acme');
    api.tokens.delete('bot-acme');
    gateway.kick(4004, 'Authentication failed.');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const connection = await t.db.selectFrom('sync_connections').selectAll().where('team', '=', 'acme').executeTakeFirstOrThrow();
      if (connection.status === 'needs_credential') {
        expect(connection.status_message).toMatch(/Discord Gateway refused the bot token.*pipe connect acme discord --token <new token>/);
        break;
      }
      if (Date.now() > deadline) throw new Error('the connection was not marked');
      await sleep(50);
    }
    await sleep(LEASE_MS);
    expect(gateway.sessions).toBe(0);
  });
});
