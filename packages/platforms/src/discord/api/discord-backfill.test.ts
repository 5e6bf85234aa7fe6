import { ChannelType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackfillPage, SYNC_RESOURCE_HEADER, type SyncedRecord } from '../../kit/platform-api.js';
import { type FakeDiscordApi, generateDiscordChannel, generateDiscordThread, startFakeDiscordApi } from '../testing/fake-discord-api.js';
import { discordIngest } from '../webhook.js';
import { discordBackfill } from './discord-backfill.js';

const GUILD = '278325129692446720';
const GENERAL = '290926798999357250';
const DEPLOYS = '290926798999357251';
const STAFF = '290926798999357252';
const VOICE = '290926798999357253';
const NINETY_DAYS = 90 * 86_400_000;

let api: FakeDiscordApi | undefined;
afterEach(async () => api?.close());

async function startGuild(): Promise<FakeDiscordApi> {
  const start = new Date(Date.now() - 10 * 86_400_000);
  const staff = generateDiscordChannel(STAFF, 'staff', 5, { start });
  staff.readable = false;
  const voice = generateDiscordChannel(VOICE, 'lounge', 3, { start });
  voice.type = ChannelType.GuildVoice;
  return startFakeDiscordApi({
    guilds: [
      {
        id: GUILD,
        name: 'Acme',
        channels: [
          generateDiscordChannel(GENERAL, 'general', 250, { start, replyEvery: 10, systemEvery: 25 }),
          staff,
          voice,
          generateDiscordChannel(DEPLOYS, 'deploys', 30, { start }),
        ],
      },
    ],
  });
}

async function readPages(scope: string, options: { token?: string; since?: Date; cursor?: unknown; stopAfter?: number } = {}) {
  const pages: BackfillPage[] = [];
  for await (const page of discordBackfill.pages({
    credential: { token: options.token ?? 'bot-token', apiUrl: api?.url ?? null },
    scope,
    since: options.since ?? new Date(Date.now() - NINETY_DAYS),
    cursor: options.cursor ?? null,
    signal: new AbortController().signal,
  })) {
    pages.push(page);
    if (pages.length === options.stopAfter) break;
  }
  return pages;
}
const recordsOf = (pages: BackfillPage[]): SyncedRecord[] => pages.flatMap((page) => page.records);

function normalize(record: SyncedRecord) {
  const result = discordIngest().normalize({
    team: 'acme',
    platform: 'discord',
    deliveryId: `sync:${record.itemId}:${record.version}`,
    receivedAt: new Date().toISOString(),
    headers: { [SYNC_RESOURCE_HEADER]: record.resource },
    rawBody: Buffer.from(JSON.stringify(record.body)),
    payload: JSON.parse(JSON.stringify(record.body)),
  });
  if (result instanceof Promise || result.outcome !== 'events') throw new Error('expected events');
  return result.events;
}

describe('Discord backfill through the HTTP API (@discordjs/rest)', () => {
  it('reads every readable text channel of a server page by page, once, waiting out a 429', async () => {
    api = await startGuild();
    api.rateLimit(/\/channels\/\d+\/messages$/, 1);
    const pages = await readPages(GUILD);
    const records = recordsOf(pages);
    // 250 messages less the pin notices (every 25th that is not a reply), 30 more in #deploys; the two text channels themselves.
    const messages = records.filter((record) => record.resource === 'message');
    expect(messages).toHaveLength(250 - 6 + 30);
    expect(new Set(messages.map((record) => record.itemId)).size).toBe(messages.length);
    expect(records.filter((record) => record.resource === 'channel').map((record) => record.itemId)).toEqual([
      `discord:channel:${GUILD}/${GENERAL}`,
      `discord:channel:${GUILD}/${DEPLOYS}`,
    ]);
    // 100-message pages, newest last read; the voice channel is not read and the staff channel (403) is passed over.
    expect(pages.length).toBe(4);
    expect(pages.at(-1)?.cursor).toBeNull();
    expect(api.requests.filter((path) => path.includes(VOICE))).toEqual([]);
    expect(api.requests.filter((path) => path === `/channels/${STAFF}/messages`)).toHaveLength(1);
    expect(await discordBackfill.scopes({ token: 'bot-token', apiUrl: api.url }, new AbortController().signal)).toEqual([GUILD]);
  });

  it('normalises a synced reply into the snapshot a MESSAGE_CREATE gives, and a channel into the named channel', async () => {
    api = await startGuild();
    const records = recordsOf(await readPages(`${GUILD}/${GENERAL}`));
    const general = api.guilds.get(GUILD)?.channels[0];
    const reply = general?.messages[10];
    const record = records.find((candidate) => candidate.itemId.endsWith(`/${reply?.id}`)) as SyncedRecord;
    const [identity, item, channel] = normalize(record);
    expect(identity).toMatchObject({ type: 'identity.observed', data: { identity: { platform: 'discord', handle: 'user0' } } });
    expect(item?.type === 'item.observed' && item.data.item).toMatchObject({
      id: `discord:message:${GUILD}/${GENERAL}/${reply?.id}`,
      kind: 'message',
      body: 'Message 10 in #general: the deploy of invoice 10 failed',
      container: `${GUILD}/${GENERAL}`,
      parentId: `discord:message:${GUILD}/${GENERAL}/${general?.messages[9]?.id}`,
      url: `https://discord.com/channels/${GUILD}/${GENERAL}/${reply?.id}`,
      version: Date.parse(reply?.timestamp ?? ''),
    });
    expect(channel?.type === 'item.observed' && channel.data.item.id).toBe(`discord:channel:${GUILD}/${GENERAL}`);
    const named = normalize(records.find((candidate) => candidate.resource === 'channel') as SyncedRecord)[0];
    expect(named?.type === 'item.observed' && named.data.item).toMatchObject({
      id: `discord:channel:${GUILD}/${GENERAL}`,
      kind: 'channel',
      title: '#general',
      url: `https://discord.com/channels/${GUILD}/${GENERAL}`,
    });
    // An edit is a newer version of the same item.
    const edited = {
      ...record,
      body: { ...record.body, record: { ...(record.body.record as object), edited_timestamp: new Date().toISOString() } },
    };
    const [, newer] = normalize(edited);
    expect(newer?.type === 'item.observed' && newer.data.item.version).toBeGreaterThan(Date.parse(reply?.timestamp ?? ''));
  });

  it('resumes from a saved cursor without reading a message twice, and leaves out what precedes the window', async () => {
    api = await startGuild();
    const first = await readPages(GUILD, { stopAfter: 1 });
    const rest = await readPages(GUILD, { cursor: first[0]?.cursor });
    const ids = recordsOf([...first, ...rest]).map((record) => record.itemId);
    expect(ids).toHaveLength(2 + 244 + 30);
    expect(new Set(ids).size).toBe(ids.length);
    // A window starting after the 200th message of #general reads the 50 after it.
    const general = api.guilds.get(GUILD)?.channels[0];
    const since = new Date(Date.parse(general?.messages[199]?.timestamp ?? '') + 1);
    const recent = recordsOf(await readPages(`${GUILD}/${GENERAL}`, { since })).filter((record) => record.resource === 'message');
    expect(recent).toHaveLength(50 - 1); // the 225th is a pin notice
  });

  it('reads the threads of a server too: active ones, and those archived inside the window', async () => {
    const DAY = 86_400_000;
    const start = new Date(Date.now() - 10 * DAY);
    const forum = generateDiscordChannel('290926798999357260', 'help', 0, { start });
    forum.type = ChannelType.GuildForum;
    const staff = generateDiscordChannel(STAFF, 'staff', 0, { start });
    staff.readable = false;
    api = await startFakeDiscordApi({
      guilds: [
        {
          id: GUILD,
          name: 'Acme',
          channels: [
            generateDiscordChannel(GENERAL, 'general', 3, { start }),
            forum,
            staff,
            generateDiscordThread('290926798999357261', forum.id, 'Deploy fails on arm64', 4, { start }),
            generateDiscordThread('290926798999357262', GENERAL, 'Release notes', 5, { start, archivedAt: new Date(Date.now() - 2 * DAY) }),
            generateDiscordThread('290926798999357263', GENERAL, 'Old question', 6, {
              start: new Date(Date.now() - 200 * DAY),
              archivedAt: new Date(Date.now() - 150 * DAY),
            }),
          ],
        },
      ],
    });
    const records = recordsOf(await readPages(GUILD));
    expect(records.filter((record) => record.resource === 'message')).toHaveLength(3 + 4 + 5);
    expect(records.filter((record) => record.resource === 'channel').map((record) => record.itemId)).toEqual([
      `discord:channel:${GUILD}/${GENERAL}`,
      `discord:channel:${GUILD}/290926798999357261`,
      `discord:channel:${GUILD}/290926798999357262`,
    ]);
    const thread = records.find((record) => record.itemId === `discord:channel:${GUILD}/290926798999357261`) as SyncedRecord;
    expect(normalize(thread)[0]).toMatchObject({ data: { item: { title: 'Deploy fails on arm64', kind: 'channel' } } });
    const inThread = records.find(
      (record) => record.resource === 'message' && record.itemId.includes('/290926798999357262/'),
    ) as SyncedRecord;
    expect(normalize(inThread)[1]).toMatchObject({ data: { item: { container: `${GUILD}/290926798999357262` } } });
    // A thread is a channel scope of its own.
    expect(recordsOf(await readPages(`${GUILD}/290926798999357261`)).filter((record) => record.resource === 'message')).toHaveLength(4);
  });

  it('says a refused token is refused, and a server or channel the bot cannot see is not found', async () => {
    api = await startGuild();
    await expect(readPages(GUILD, { token: 'revoked' })).rejects.toMatchObject({ code: 'CREDENTIAL_REJECTED' });
    await expect(readPages(`${GUILD}/${STAFF}`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/Missing Access.*Read Message History/),
    });
    await expect(readPages('999999999999999999')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Unknown Guild'),
    });
    await expect(readPages(`999999999999999999/${GENERAL}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(discordBackfill.scopeProblem(GUILD)).toBeNull();
    expect(discordBackfill.scopeProblem(`${GUILD}/${GENERAL}`)).toBeNull();
    expect(discordBackfill.scopeProblem('general')).toMatch(/not a Discord scope/);
  });

  it('fails with the API unreachable after a 5xx storm outlasts the client retries', async () => {
    api = await startGuild();
    api.inject(/\/messages$/, 502, 502, 502, 502);
    await expect(readPages(`${GUILD}/${DEPLOYS}`)).rejects.toMatchObject({ code: 'API_UNREACHABLE' });
  });
});
