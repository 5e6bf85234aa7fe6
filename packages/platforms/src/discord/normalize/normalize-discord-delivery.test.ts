import { PipeEvent, type PipeEventType } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../kit/index.js';
import type { DiscordDelivery } from './discord-delivery.js';
import { normalizeDiscordDelivery } from './normalize-discord-delivery.js';
import { discordFixture } from '../testing/discord-fixture.js';

const RECEIVED_AT = '2024-06-01T12:00:00.000Z';
const MESSAGE_ID = 'discord:message:278325129692446720/290926798999357250/334385199974967042';
const REPLY_ID = 'discord:message:278325129692446720/290926798999357250/334385846245916673';

const delivery = (payload: unknown): DiscordDelivery => ({ team: 'acme', deliveryId: 'd-1', receivedAt: RECEIVED_AT, payload });

function events(payload: unknown): PipeEvent[] {
  const result = normalizeDiscordDelivery(delivery(payload));
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event));
}

const ofType = <T extends PipeEventType>(all: PipeEvent[], type: T) =>
  all.filter((event): event is Extract<PipeEvent, { type: T }> => event.type === type);

describe('a Discord MESSAGE_CREATE forwarded from the Gateway', () => {
  it('observes the author, the message and the posting', () => {
    const all = events(discordFixture('message-create'));
    // The second item is the channel (container.test.ts).
    expect(all.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    expect(ofType(all, 'identity.observed')[0]?.data).toEqual({
      identity: { platform: 'discord', externalId: '53908099506183680', handle: 'Mason' },
      name: null,
      email: null,
      url: null,
    });
    expect(ofType(all, 'item.observed')[0]?.data.item).toEqual({
      id: MESSAGE_ID,
      platform: 'discord',
      kind: 'message',
      title: 'Supa Hot',
      titleComposed: true,
      body: 'Supa Hot',
      url: 'https://discord.com/channels/278325129692446720/290926798999357250/334385199974967042',
      state: null,
      container: '278325129692446720/290926798999357250',
      parentId: null,
      author: { platform: 'discord', externalId: '53908099506183680', handle: 'Mason' },
      createdAt: '2017-07-11T17:27:07.299Z',
      updatedAt: '2017-07-11T17:27:07.299Z',
      version: Date.parse('2017-07-11T17:27:07.299Z'),
    });
    expect(ofType(all, 'activity.observed')[0]?.data).toMatchObject({ activityId: 'discord:d-1:0', itemId: MESSAGE_ID, verb: 'posted' });
    expect(all[0]?.source).toEqual({ platform: 'discord', deliveryId: 'd-1', receivedAt: RECEIVED_AT });
    expect(all[0]?.occurredAt).toBe('2017-07-11T17:27:07.299Z');
  });

  it('makes a reply a child of the message it answers', () => {
    const [reply] = ofType(events(discordFixture('message-reply')), 'item.observed');
    expect(reply?.data.item).toMatchObject({ id: REPLY_ID, parentId: MESSAGE_ID, title: 'Even hotter' });
  });

  it('does not treat a crosspost reference as a reply', () => {
    const crosspost = discordFixture('message-create');
    crosspost.d.flags = 2;
    crosspost.d.message_reference = {
      type: 0,
      channel_id: '278325129692446722',
      guild_id: '278325129692446720',
      message_id: '306588351130107906',
    };
    expect(ofType(events(crosspost), 'item.observed')[0]?.data.item.parentId).toBeNull();
  });

  it('skips direct messages and system messages', () => {
    const direct = discordFixture('message-create');
    delete direct.d.guild_id;
    expect(normalizeDiscordDelivery(delivery(direct))).toMatchObject({
      outcome: 'skipped',
      event: 'MESSAGE_CREATE',
      reason: expect.stringContaining('direct messages'),
    });
    const pin = discordFixture('message-create');
    pin.d.type = 6;
    expect(normalizeDiscordDelivery(delivery(pin))).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('type 6') });
  });

  it('names the missing field of a message it cannot read', () => {
    const broken = discordFixture('message-create');
    delete broken.d.author;
    expect(() => normalizeDiscordDelivery(delivery(broken))).toThrow(IngestError);
    expect(() => normalizeDiscordDelivery(delivery(broken))).toThrow(/author/);
  });
});

describe('a Discord MESSAGE_UPDATE', () => {
  it('observes a newer version of the message, versioned by its edit time', () => {
    const all = events(discordFixture('message-update'));
    const item = ofType(all, 'item.observed')[0]?.data.item;
    expect(item).toMatchObject({ id: MESSAGE_ID, body: 'Supa Hot (edited)', updatedAt: '2017-07-11T17:35:12.004Z' });
    const original = ofType(events(discordFixture('message-create')), 'item.observed')[0]?.data.item;
    expect(item!.version).toBeGreaterThan(original!.version);
    expect(ofType(all, 'activity.observed')[0]?.data.verb).toBe('edited');
  });

  it('skips a partial update that carries no content', () => {
    const partial = {
      op: 0,
      s: 47,
      t: 'MESSAGE_UPDATE',
      d: { id: '334385199974967042', channel_id: '290926798999357250', guild_id: '278325129692446720', embeds: [] },
    };
    expect(normalizeDiscordDelivery(delivery(partial))).toMatchObject({ outcome: 'skipped', event: 'MESSAGE_UPDATE' });
  });
});

describe('a Discord MESSAGE_DELETE', () => {
  it('removes the message with a version no snapshot of it can beat', () => {
    const all = events(discordFixture('message-delete'));
    expect(all.map((event) => event.type)).toEqual(['item.removed', 'item.observed', 'activity.observed']);
    const removed = ofType(all, 'item.removed')[0]?.data;
    expect(removed).toEqual({ itemId: MESSAGE_ID, platform: 'discord', kind: 'message', version: Date.parse(RECEIVED_AT) });
    const edited = ofType(events(discordFixture('message-update')), 'item.observed')[0]?.data.item;
    expect(removed!.version).toBeGreaterThan(edited!.version);
  });
});

describe('other Discord deliveries', () => {
  it('records Gateway events, webhook events and interactions it does not normalise as skipped', () => {
    expect(normalizeDiscordDelivery(delivery(discordFixture('message-reaction-add')))).toEqual({
      outcome: 'skipped',
      event: 'MESSAGE_REACTION_ADD',
      action: null,
      reason: "discord gateway event 'MESSAGE_REACTION_ADD' is not normalised yet",
    });
    expect(normalizeDiscordDelivery(delivery(discordFixture('application-authorized')))).toMatchObject({
      outcome: 'skipped',
      event: 'APPLICATION_AUTHORIZED',
    });
    expect(normalizeDiscordDelivery(delivery(discordFixture('interaction-ping')))).toMatchObject({
      outcome: 'skipped',
      event: 'interaction',
    });
  });

  it('refuses a body that is no Discord shape', () => {
    expect(() => normalizeDiscordDelivery(delivery({ hello: 'world' }))).toThrow(IngestError);
  });
});
