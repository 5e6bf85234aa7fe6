import { PipeEvent } from '@pipe/events';
import type { IngestDelivery, NormalizeResult } from '../../kit/index.js';
import { describe, expect, it } from 'vitest';
import { normalizeSlackDelivery } from './normalize-slack-delivery.js';
import { type SlackExampleName, slackExample, slackExampleNames } from '../testing/slack-examples.js';

function delivery(payload: Record<string, any>): IngestDelivery {
  return {
    team: 'acme',
    platform: 'slack',
    deliveryId: String(payload.event_id ?? 'none'),
    receivedAt: '2024-06-01T12:00:00.000Z',
    headers: {},
    rawBody: Buffer.from(JSON.stringify(payload)),
    payload,
  };
}

function events(result: NormalizeResult): PipeEvent[] {
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event));
}

const normalized = (name: SlackExampleName, change?: (payload: Record<string, any>) => void) => {
  const payload = slackExample(name);
  change?.(payload);
  return events(normalizeSlackDelivery(delivery(payload)));
};

const ofType = <T extends PipeEvent['type']>(list: PipeEvent[], type: T) =>
  list.filter((e): e is Extract<PipeEvent, { type: T }> => e.type === type);

describe('normalizeSlackDelivery', () => {
  it('turns every documented example into schema-valid events, or a skip with a reason', () => {
    for (const name of slackExampleNames.filter((n) => n !== 'url_verification')) {
      const result = normalizeSlackDelivery(delivery(slackExample(name)));
      if (result.outcome === 'skipped') expect(result.reason, name).not.toBe('');
      else for (const event of result.events) expect(() => PipeEvent.parse(event), name).not.toThrow();
    }
  });

  it('makes a posted message an item keyed by workspace, channel and ts, with its author', () => {
    const list = normalized('message');
    const [observed] = ofType(list, 'item.observed');
    expect(observed?.data.item).toMatchObject({
      id: 'slack:message:T123ABC456/C123ABC456/1355517523.000005',
      kind: 'message',
      title: 'Live long and prospect.',
      body: 'Live long and prospect.',
      container: 'T123ABC456/C123ABC456',
      parentId: null,
      author: { platform: 'slack', externalId: 'U123ABC456' },
      createdAt: '2012-12-14T20:38:43.000Z',
      version: 1355517523000005,
      url: 'https://slack.com/archives/C123ABC456/p1355517523000005',
    });
    expect(ofType(list, 'identity.observed').map((e) => e.data.identity.externalId)).toEqual(['U123ABC456']);
    expect(ofType(list, 'activity.observed')[0]?.data).toMatchObject({ verb: 'posted', activityId: 'slack:Ev123ABC456:0' });
  });

  it('gives a thread reply its thread root as parent, so the projector makes REPLIES_TO, and the reply its own activity', () => {
    const list = normalized('thread_broadcast');
    const [observed] = ofType(list, 'item.observed');
    expect(observed?.data.item.parentId).toBe('slack:message:T123ABC456/C123ABC456/1673464730.703009');
    expect(observed?.data.item.url).toContain('thread_ts=1673464730.703009');
    // The reply's activity is the reply's own (its summary quotes the reply, which a deletion must take away).
    expect(ofType(list, 'activity.observed')[0]?.data).toMatchObject({ verb: 'replied', itemId: observed?.data.item.id });
    const plainReply = normalized('message', (p) => (p.event.thread_ts = '1355517500.000001'));
    expect(ofType(plainReply, 'item.observed')[0]?.data.item.parentId).toBe('slack:message:T123ABC456/C123ABC456/1355517500.000001');
    const root = normalized('message', (p) => (p.event.thread_ts = p.event.ts));
    expect(ofType(root, 'item.observed')[0]?.data.item.parentId).toBeNull();
  });

  it('makes message_changed a newer version of the same message item', () => {
    const original = ofType(normalized('message'), 'item.observed')[0]!.data.item;
    const [edited] = ofType(normalized('message_changed'), 'item.observed');
    expect(edited?.data.item).toMatchObject({ id: original.id, body: 'Hello, world!', updatedAt: '2013-01-22T18:19:15.000Z' });
    expect(edited!.data.item.version).toBeGreaterThan(original.version);
  });

  it('makes message_deleted the removal of the message, newer than its last edit', () => {
    const [removed] = ofType(normalized('message_deleted'), 'item.removed');
    expect(removed?.data).toMatchObject({
      itemId: 'slack:message:T123ABC456/C123ABC456/1358878749.000002',
      kind: 'message',
      platform: 'slack',
    });
    expect(removed!.data.version).toBeGreaterThanOrEqual(1358878755000001);
  });

  it('records reactions as activities on the message, by the person who reacted', () => {
    for (const [name, verb] of [
      ['reaction_added', 'reacted'],
      ['reaction_removed', 'unreacted'],
    ] as const) {
      const list = normalized(name);
      // Only the channel the message is in (container.test.ts): a reaction changes no item.
      expect(ofType(list, 'item.observed').map((event) => event.data.item.id)).toEqual(['slack:channel:T123ABC456/C123ABC456']);
      expect(ofType(list, 'activity.observed')[0]?.data).toMatchObject({
        itemId: 'slack:message:T123ABC456/C123ABC456/1360782400.498405',
        verb,
        actor: { externalId: 'U123ABC456' },
        summary: expect.stringContaining(':thumbsup:'),
      });
      expect(ofType(list, 'identity.observed').map((e) => e.data.identity.externalId)).toEqual(['U123ABC456', 'U222222222']);
    }
    const onFile = normalizeSlackDelivery(
      delivery(
        Object.assign(slackExample('reaction_added'), {
          event: { ...slackExample('reaction_added').event, item: { type: 'file', file: 'F123ABC456' } },
        }),
      ),
    );
    expect(onFile).toMatchObject({ outcome: 'skipped', event: 'reaction_added', action: 'file' });
  });

  it('makes created and renamed channels a channel item, the rename newer', () => {
    const [created] = ofType(normalized('channel_created'), 'item.observed');
    expect(created?.data.item).toMatchObject({
      id: 'slack:channel:T123ABC456/C024BE91L',
      kind: 'channel',
      title: '#fun',
      author: { externalId: 'U024BE7LH' },
    });
    const renamedFirst = ofType(normalized('channel_rename'), 'item.observed')[0]!.data.item;
    const renamed = ofType(
      normalized('channel_rename', (p) => {
        p.event.channel.id = 'C024BE91L';
        p.event_time = 1360782900;
      }),
      'item.observed',
    )[0]!.data.item;
    expect(renamedFirst).toMatchObject({ id: 'slack:channel:T123ABC456/C02ELGNBH', title: '#new_name' });
    expect(renamed.id).toBe(created?.data.item.id);
    expect(renamed.version).toBeGreaterThan(created!.data.item.version);
  });

  it('records a member joining as an activity on the channel and the people as identities', () => {
    const list = normalized('member_joined_channel');
    expect(ofType(list, 'activity.observed')[0]?.data).toMatchObject({
      itemId: 'slack:channel:T123ABC456/C123ABC456',
      verb: 'joined',
      actor: { externalId: 'W123ABC456' },
    });
    expect(ofType(list, 'identity.observed').map((e) => e.data.identity.externalId)).toEqual(['W123ABC456', 'U123456789']);
  });

  it('skips events and notices it does not normalise, naming them', () => {
    expect(normalizeSlackDelivery(delivery(slackExample('app_mention')))).toMatchObject({ outcome: 'skipped', event: 'app_mention' });
    expect(normalizeSlackDelivery(delivery(slackExample('channel_join')))).toMatchObject({
      outcome: 'skipped',
      event: 'message',
      action: 'channel_join',
    });
  });

  it('yields the same events, apart from envelope ids, for a redelivery', () => {
    const strip = (list: PipeEvent[]) => list.map(({ id: _id, ...rest }) => rest);
    expect(strip(normalized('thread_broadcast'))).toEqual(strip(normalized('thread_broadcast')));
  });

  it('answers a supported event missing what it needs with INVALID_PAYLOAD naming the field', () => {
    const payload = slackExample('message');
    delete payload.event.channel;
    expect(() => normalizeSlackDelivery(delivery(payload))).toThrow(/event\.channel is missing|channel is missing/);
  });
});
