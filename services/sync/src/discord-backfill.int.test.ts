import { startTestSync } from './testing/index.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishSyncJob, syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, type SyncJob, createSyncJob, createTeam, getSyncJob, saveSyncConnection } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { busPublisher, storeDelivery } from '@pipe/ingest-kit';
import { deliveryMsgIdBase, discordIngest, storableEvents } from '@pipe/platforms';
import { type FakeDiscordApi, generateDiscordChannel, startFakeDiscordApi } from '@pipe/platforms/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import type { Service } from '@pipe/service-runtime';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncConfig } from './config.js';

const GUILD = '278325129692446720';
const GENERAL = '290926798999357250';
const DEPLOYS = '290926798999357251';
const since = new Date(Date.now() - 90 * 24 * 3600_000);

describe('services/sync: a Discord backfill through the same path as Gateway messages', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeDiscordApi;
  let service: Service<SyncConfig>;
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    const start = new Date(Date.now() - 20 * 24 * 3600_000);
    api = await startFakeDiscordApi({
      guilds: [
        {
          id: GUILD,
          name: 'Acme',
          channels: [
            generateDiscordChannel(GENERAL, 'general', 230, { start, replyEvery: 10 }),
            generateDiscordChannel(DEPLOYS, 'deploys', 40, { start }),
          ],
        },
      ],
      tokens: ['bot-acme', 'bot-beta'],
    });
    for (const team of ['acme', 'beta']) {
      await createTeam(t.db, box, team);
      await saveSyncConnection(t.db, box, { team, platform: 'discord', token: `bot-${team}`, apiUrl: api.url, account: 'pipe-bot' });
    }
    service = await startTestSync({
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      SYNC_RETRY_BASE_MS: '1',
      // The Gateway connection has its own test (discord-gateway.int.test.ts).
      SYNC_LIVE_FEEDS: 'false',
    });
  });
  afterAll(async () => {
    await service?.stop();
    await api?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  async function sync(team: string, scope: string): Promise<SyncJob> {
    const { job } = await createSyncJob(t.db, { team, platform: 'discord', scope, mode: 'full', since });
    await publishSyncJob(bus.js, bus.names, job);
    for (;;) {
      const now = await getSyncJob(t.db, job.id);
      if (now && (now.state === 'done' || now.state === 'failed')) return now;
      await sleep(50);
    }
  }
  const project = () => projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger, retryDelayMs: () => 5 });
  const messages = async (team: string) =>
    Number(
      (
        await t.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('team', '=', team)
          .where('platform', '=', 'discord')
          .where('kind', '=', 'message')
          .where('removed_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const item = (team: string, id: string) =>
    t.db
      .selectFrom('items')
      .select(['title', 'body', 'parent_id', 'version'])
      .where('team', '=', team)
      .where('id', '=', id)
      .executeTakeFirst();
  const eventCount = async () => (await bus.jsm.streams.info(bus.names.events)).state.messages;

  it('lands every message of every text channel of a server once, waiting out a 429, with the raw records kept', async () => {
    api.rateLimit(/\/channels\/\d+\/messages$/, 2);
    const job = await sync('acme', GUILD);
    expect(job).toMatchObject({ state: 'done', items: 2 + 230 + 40, unchanged: 0, error: null });
    expect(job.pages).toBe(4);
    await project();
    expect(await messages('acme')).toBe(270);
    const general = api.guilds.get(GUILD)?.channels[0];
    const reply = general?.messages[20];
    expect(await item('acme', `discord:message:${GUILD}/${GENERAL}/${reply?.id}`)).toMatchObject({
      body: 'Message 20 in #general: the deploy of invoice 20 failed',
      parent_id: `discord:message:${GUILD}/${GENERAL}/${general?.messages[19]?.id}`,
    });
    expect(await item('acme', `discord:channel:${GUILD}/${DEPLOYS}`)).toMatchObject({ title: '#deploys' });
    const raw = await bus.jsm.streams.getMessage(bus.names.raw, { last_by_subj: `${bus.names.subjectRoot}.raw.acme.discord` });
    expect(raw?.header?.get('pipe-sync-resource')).toBe('message');
  });

  it('stores nothing again when the same server is synced twice, and keeps another team apart', async () => {
    const before = await eventCount();
    expect(await sync('acme', GUILD)).toMatchObject({ state: 'done', items: 0, unchanged: 272 });
    expect(await eventCount()).toBe(before);
    expect(await sync('beta', `${GUILD}/${DEPLOYS}`)).toMatchObject({ state: 'done', items: 41 });
    await project();
    expect(await messages('beta')).toBe(40);
    expect(await messages('acme')).toBe(270);
  });

  it('never lets an older backfilled message overwrite a newer edit from the Gateway, in either order', async () => {
    const publisher = busPublisher(bus, bus.names);
    const gatewayEdit = async (channel: number, n: number, content: string) => {
      const message = api.guilds.get(GUILD)?.channels[channel]?.messages[n];
      const payload = {
        op: 0,
        s: 7,
        t: 'MESSAGE_UPDATE',
        d: { ...message, guild_id: GUILD, content, edited_timestamp: new Date(Date.now() - 60_000).toISOString() },
      };
      const rawBody = Buffer.from(JSON.stringify(payload));
      const platform = discordIngest();
      const delivery = {
        team: 'beta',
        platform: 'discord' as const,
        deliveryId: platform.deliveryId({ headers: {}, payload }),
        receivedAt: new Date().toISOString(),
        headers: {},
        rawBody,
        payload,
      };
      const result = await platform.normalize(delivery);
      if (result.outcome !== 'events') throw new Error('expected events');
      const events = storableEvents(result.events, 'discord');
      await storeDelivery(delivery, { ...result, events }, publisher, deliveryMsgIdBase('beta', 'discord', delivery.deliveryId, rawBody));
    };
    const body = async (channel: string, index: number, n: number) =>
      (await item('beta', `discord:message:${GUILD}/${channel}/${api.guilds.get(GUILD)?.channels[index]?.messages[n]?.id}`))?.body;
    // Backfilled first (the previous test), then edited on the Gateway, then backfilled again.
    await gatewayEdit(1, 3, 'Edited after the backfill read it');
    await project();
    expect(await body(DEPLOYS, 1, 3)).toBe('Edited after the backfill read it');
    expect(await sync('beta', `${GUILD}/${DEPLOYS}`)).toMatchObject({ state: 'done', items: 0 });
    await project();
    expect(await body(DEPLOYS, 1, 3)).toBe('Edited after the backfill read it');
    // Edited on the Gateway first, then the backfill brings the older text.
    await gatewayEdit(0, 5, 'Edited before the backfill came');
    await project();
    expect(await sync('beta', `${GUILD}/${GENERAL}`)).toMatchObject({ state: 'done', items: 1 + 230 - 1, unchanged: 1 });
    await project();
    expect(await body(GENERAL, 0, 5)).toBe('Edited before the backfill came');
    expect(await body(GENERAL, 0, 6)).toBe('Message 6 in #general: the deploy of invoice 6 failed');
  });

  it('removes what a full pass over a channel no longer finds, and nothing on a server pass', async () => {
    const deploys = api.guilds.get(GUILD)?.channels[1];
    const gone = deploys?.messages.splice(7, 1)[0];
    const goneId = `discord:message:${GUILD}/${DEPLOYS}/${gone?.id}`;
    const removed = async () =>
      (await t.db.selectFrom('items').select('removed_at').where('team', '=', 'acme').where('id', '=', goneId).executeTakeFirstOrThrow())
        .removed_at;
    // A server pass passes over channels it may not read, so it cannot tell deleted from hidden: it removes nothing.
    expect(await sync('acme', GUILD)).toMatchObject({ state: 'done' });
    await project();
    expect(await removed()).toBeNull();
    expect(await sync('acme', `${GUILD}/${DEPLOYS}`)).toMatchObject({ state: 'done' });
    await project();
    expect(await removed()).not.toBeNull();
    expect((await item('acme', goneId))?.body).toBe('');
    expect(await messages('acme')).toBe(269);
  });

  it('marks a connection whose token Discord refuses as needing a new one, with the command that fixes it', async () => {
    api.tokens.delete('bot-beta');
    const job = await sync('beta', GUILD);
    expect(job.state).toBe('failed');
    const connection = await t.db.selectFrom('sync_connections').selectAll().where('team', '=', 'beta').executeTakeFirstOrThrow();
    expect(connection.status).toBe('needs_credential');
    expect(connection.status_message).toMatch(/Discord refused the bot token.*pipe connect beta discord --token <new token>/);
  });
});
