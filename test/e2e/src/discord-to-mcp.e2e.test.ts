import { startTestSync } from '@pipe/sync/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { liveLeaseBucket, syncQueueNames } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { runCli } from '@pipe/cli';
import { SecretBox, createTeam } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { ChangeLog, buildApp as buildGateway } from '@pipe/gateway';
import {
  type FakeDiscordApi,
  type FakeDiscordGateway,
  fakeDiscordMessage,
  generateDiscordChannel,
  startFakeDiscordApi,
  startFakeDiscordGateway,
} from '@pipe/platforms/testing';
import { runProjector } from '@pipe/projector';
import type { Service } from '@pipe/service-runtime';
import type { SyncConfig } from '@pipe/sync';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GUILD = '278325129692446720';
const GENERAL = '290926798999357250';
const INCIDENTS = '290926798999357251';

/**
 * Discord end to end: `pipe connect acme discord --token …` and `pipe sync acme discord` against a
 * stand-in Discord HTTP API, then the server's history found through MCP `search` and `get_item`;
 * then live messages from the Gateway connection the sync service holds for the connected bot
 * (a stand-in Gateway) — the sync service, the projector and the gateway on a real NATS and Postgres.
 */
describe('Discord → MCP: pipe connect, pipe sync and the Gateway, then search and get_item', () => {
  let t: TestDb;
  let bus: TestBus;
  let api: FakeDiscordApi;
  let discordGateway: FakeDiscordGateway;
  let sync: Service<SyncConfig>;
  let gateway: FastifyInstance;
  let client: Client;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const stopProjector = new AbortController();
  let projector: Promise<void>;
  const key = randomBytes(32);
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } };

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    home = mkdtempSync(join(tmpdir(), 'pipe-e2e-'));
    const start = new Date(Date.now() - 30 * 86_400_000);
    const incidents = generateDiscordChannel(INCIDENTS, 'incidents', 20, { start });
    const outage = incidents.messages[12];
    if (outage) outage.content = 'The quokka payment gateway is down again, rolling back';
    api = await startFakeDiscordApi({
      guilds: [
        { id: GUILD, name: 'Acme', channels: [generateDiscordChannel(GENERAL, 'general', 140, { start, replyEvery: 7 }), incidents] },
      ],
      tokens: ['bot-token'],
    });
    discordGateway = await startFakeDiscordGateway(api, { heartbeatIntervalMs: 500 });
    const acme = await createTeam(t.db, new SecretBox(key), 'acme');
    env = {
      DATABASE_URL: t.url,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_HOME: home,
      PIPE_SECRET_KEY: key.toString('base64'),
    };
    sync = await startTestSync({ ...env, SYNC_LIVE_LEASE_MS: '1500' });
    projector = runProjector({ db: t.db, bus, names: bus.names, logger: pino({ level: 'silent' }) }, stopProjector.signal);
    gateway = buildGateway({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    const url = `${await gateway.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${acme.apiKey}` } } }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    stopProjector.abort();
    await projector;
    await sync?.stop();
    await discordGateway?.close();
    await api?.close();
    await bus?.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await bus?.jsm.streams.delete(`KV_${liveLeaseBucket(bus.names)}`).catch(() => undefined);
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
    rmSync(home, { recursive: true, force: true });
  });

  async function search(query: string, kind?: string): Promise<{ id: string; kind: string; url: string; title: string }[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const result = await client.callTool({ name: 'search', arguments: { query, ...(kind ? { kind } : {}) } });
      const items = (result.structuredContent as { items: { id: string; kind: string; url: string; title: string }[] }).items;
      if (items.length > 0 || Date.now() > deadline) return items;
      await sleep(100);
    }
  }

  it('backfills every text channel of the server the bot is in, found through search and get_item', async () => {
    expect(await runCli(['connect', 'acme', 'discord', '--token', 'bot-token', '--api-url', api.url], env, io)).toBe(0);
    expect(out.stdout).toMatch(/pipe-bot/);
    // No scope named: every server the bot is in (/users/@me/guilds).
    expect(await runCli(['sync', 'acme', 'discord'], env, io)).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`synced discord ${GUILD}: 162 items stored`));

    const outage = api.guilds.get(GUILD)?.channels[1]?.messages[12];
    const url = `https://discord.com/channels/${GUILD}/${INCIDENTS}/${outage?.id}`;
    expect((await search('quokka payment gateway', 'message'))[0]).toMatchObject({
      id: `discord:message:${GUILD}/${INCIDENTS}/${outage?.id}`,
      url,
    });
    const got = await client.callTool({ name: 'get_item', arguments: { id: url } });
    expect((got.structuredContent as { item: { body: string; container: string } }).item).toMatchObject({
      body: 'The quokka payment gateway is down again, rolling back',
      container: `${GUILD}/${INCIDENTS}`,
    });
    expect((await search('incidents', 'channel'))[0]).toMatchObject({ id: `discord:channel:${GUILD}/${INCIDENTS}`, title: '#incidents' });
  });

  it('turns live Gateway messages into items: created is searchable, edited changes, deleted is gone; the connection drains', async () => {
    // The connection made above: the sync service opens the bot's Gateway session by itself.
    await discordGateway.waitForSessions(1);
    const message = { ...fakeDiscordMessage(INCIDENTS, new Date(), 'Wombat cluster lost quorum in eu-west'), guild_id: GUILD };
    const url = `https://discord.com/channels/${GUILD}/${INCIDENTS}/${message.id}`;
    discordGateway.dispatch('MESSAGE_CREATE', message);
    expect((await search('wombat quorum', 'message'))[0]).toMatchObject({ id: `discord:message:${GUILD}/${INCIDENTS}/${message.id}`, url });

    discordGateway.dispatch('MESSAGE_UPDATE', {
      ...message,
      content: 'Wombat cluster quorum restored',
      edited_timestamp: new Date().toISOString(),
    });
    const item = async () =>
      (
        (await client.callTool({ name: 'get_item', arguments: { id: url } })).structuredContent as {
          item: { body: string; removed?: boolean };
        }
      ).item;
    const until = async (ok: (got: { body: string; removed?: boolean }) => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!ok(await item()) && Date.now() < deadline) await sleep(100);
      return item();
    };
    expect(await until((got) => got.body === 'Wombat cluster quorum restored')).toMatchObject({ body: 'Wombat cluster quorum restored' });

    // Deleted means gone: get_item answers that it was removed at the source, with no text left; search finds nothing.
    discordGateway.dispatch('MESSAGE_DELETE', { id: message.id, channel_id: INCIDENTS, guild_id: GUILD });
    expect(await until((got) => got.removed === true)).toMatchObject({ removed: true, body: '' });
    expect(await client.callTool({ name: 'search', arguments: { query: 'wombat quorum' } })).toMatchObject({
      structuredContent: { items: [] },
    });

    const live = async () =>
      (
        (await client.callTool({ name: 'sources', arguments: {} })).structuredContent as {
          connections: { platform: string; live: { held: boolean; open: boolean } | null }[];
        }
      ).connections.find((connection) => connection.platform === 'discord')?.live;
    expect(await live()).toMatchObject({ held: true, open: true });

    await sync.stop();
    await discordGateway.waitForCloses(1);
    expect(discordGateway.closes).toEqual([1000]);
    // Let go on drain: no instance holds it now.
    expect(await live()).toMatchObject({ held: false, open: false });
  });

  it('pipe replay --renormalize re-runs the Discord normaliser over backfilled and Gateway records alike', async () => {
    const renormalize = async () => {
      out.stdout = '';
      expect(await runCli(['replay', '--renormalize', '--json'], env, io)).toBe(0);
      return (JSON.parse(out.stdout) as { renormalized: { deliveries: number; written: number; failed: unknown[]; unsupported: object } })
        .renormalized;
    };
    // 162 backfilled records and 3 Gateway dispatches, every one read by the module's normaliser.
    const first = await renormalize();
    expect(first).toMatchObject({ deliveries: 165, failed: [], unsupported: {} });
    expect(first.written).toBeGreaterThan(0);
    // Once: a second run derives the same events and writes none.
    expect(await renormalize()).toMatchObject({ deliveries: 165, written: 0, failed: [] });
    expect((await search('quokka payment gateway', 'message')).length).toBe(1);
    expect(await client.callTool({ name: 'search', arguments: { query: 'wombat quorum' } })).toMatchObject({
      structuredContent: { items: [] },
    });
  });
});
