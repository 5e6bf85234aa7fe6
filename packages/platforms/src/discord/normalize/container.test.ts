import { PipeEvent, containerRef } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { KEY_ONLY_CONTAINER_VERSION } from '../../kit/container.js';
import { itemRef } from '../../item-refs.js';
import { parseItemUrl } from '../../item-urls.js';
import { normalizeDiscordDelivery } from './normalize-discord-delivery.js';
import { type DiscordFixtureName, discordFixture } from '../testing/discord-fixture.js';

const CHANNEL_ID = 'discord:channel:278325129692446720/290926798999357250';

function observed(name: DiscordFixtureName) {
  const result = normalizeDiscordDelivery({
    team: 'acme',
    deliveryId: 'd-1',
    receivedAt: '2024-06-01T12:00:00.000Z',
    payload: discordFixture(name),
  });
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event)).flatMap((event) => (event.type === 'item.observed' ? [event.data.item] : []));
}

describe('the Discord channel a message names (issue 15, defect 5)', () => {
  it.each(['message-create', 'message-update', 'message-reply', 'message-delete'] as const)(
    'observes the channel of %s as a thin item with its link',
    (name) => {
      expect(observed(name).find((item) => item.id === CHANNEL_ID)).toMatchObject({
        platform: 'discord',
        kind: 'channel',
        title: 'Discord channel 290926798999357250',
        titleComposed: true,
        url: 'https://discord.com/channels/278325129692446720/290926798999357250',
        container: null,
        version: KEY_ONLY_CONTAINER_VERSION,
      });
    },
  );

  it('is what the PART_OF of its messages points at', () => {
    const message = observed('message-create').find((item) => item.kind === 'message');
    expect(itemRef(CHANNEL_ID)).toBe(containerRef('discord', message?.container as string));
  });

  it.each([
    'https://discord.com/channels/278325129692446720/290926798999357250',
    'https://ptb.discord.com/channels/278325129692446720/290926798999357250/',
  ])('opens from its link %s', (url) => {
    expect(parseItemUrl(url)?.ids).toEqual([CHANNEL_ID]);
  });
});
