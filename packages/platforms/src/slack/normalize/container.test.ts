import { PipeEvent, containerRef } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { KEY_ONLY_CONTAINER_VERSION } from '../../kit/container.js';
import type { IngestDelivery } from '../../kit/index.js';
import { itemRef } from '../../item-refs.js';
import { parseItemUrl } from '../../item-urls.js';
import { normalizeSlackDelivery } from './normalize-slack-delivery.js';
import { type SlackExampleName, slackExample } from '../testing/slack-examples.js';

const CHANNEL_ID = 'slack:channel:T123ABC456/C123ABC456';

function observed(name: SlackExampleName) {
  const payload = slackExample(name);
  const delivery: IngestDelivery = {
    team: 'acme',
    platform: 'slack',
    deliveryId: String(payload.event_id),
    receivedAt: '2024-06-01T12:00:00.000Z',
    headers: {},
    rawBody: Buffer.from(JSON.stringify(payload)),
    payload,
  };
  const result = normalizeSlackDelivery(delivery);
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event)).flatMap((event) => (event.type === 'item.observed' ? [event.data.item] : []));
}

describe('the Slack channel a delivery names (issue 15, defect 5)', () => {
  it.each(['message', 'message_changed', 'message_deleted', 'reaction_added'] as const)(
    'observes the channel of a %s event as a thin item with its link',
    (name) => {
      expect(observed(name).find((item) => item.id === CHANNEL_ID)).toMatchObject({
        platform: 'slack',
        kind: 'channel',
        title: 'Slack channel C123ABC456',
        titleComposed: true,
        url: 'https://slack.com/archives/C123ABC456',
        container: null,
        version: KEY_ONLY_CONTAINER_VERSION,
      });
    },
  );

  it('leaves channel_created with its own, named snapshot only', () => {
    const channels = observed('channel_created').filter((item) => item.kind === 'channel');
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({ title: '#fun' });
    expect(channels[0]?.version).toBeGreaterThan(KEY_ONLY_CONTAINER_VERSION);
  });

  it('is what the PART_OF of its messages points at', () => {
    const message = observed('message').find((item) => item.kind === 'message');
    expect(itemRef(CHANNEL_ID)).toBe(containerRef('slack', message?.container as string));
  });

  it.each(['https://acme.slack.com/archives/C123ABC456', 'https://slack.com/archives/C123ABC456/'])('opens from its link %s', (url) => {
    expect(parseItemUrl(url)).toMatchObject({ ids: [], idPatterns: ['slack:channel:%/C123ABC456'] });
  });

  it("opens from the web client's channel link", () => {
    expect(parseItemUrl('https://app.slack.com/client/T123ABC456/C123ABC456')?.ids).toEqual([CHANNEL_ID]);
  });
});
