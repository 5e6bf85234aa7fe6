import { createEvent, teamPartition } from '@pipe/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishEvent } from './publish.js';
import { createTestBus, type TestBus } from './testing/index.js';

const sampleEvent = () =>
  createEvent(
    {
      team: 'acme',
      source: { platform: 'github', deliveryId: 'd-1', receivedAt: new Date().toISOString() },
      occurredAt: new Date().toISOString(),
    },
    { type: 'delivery.skipped', data: { event: 'star', action: 'created', reason: 'not normalised yet' } },
  );

describe('publishing to PIPE_EVENTS', () => {
  let bus: TestBus;
  beforeEach(async () => (bus = await createTestBus()));
  afterEach(() => bus.cleanup());

  it('stores a message once per Nats-Msg-Id', async () => {
    const first = await publishEvent(bus.js, bus.names, sampleEvent(), { msgId: 'github:d-1:0' });
    const again = await publishEvent(bus.js, bus.names, sampleEvent(), { msgId: 'github:d-1:0' });
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(first.seq);
    const info = await bus.jsm.streams.info(bus.names.events);
    expect(info.state.messages).toBe(1);
  });

  it('publishes on pipe.events.<partition>.<team>.<platform>.<type> under the namespace', async () => {
    await publishEvent(bus.js, bus.names, sampleEvent(), { msgId: 'x' });
    const stored = await bus.jsm.streams.getMessage(bus.names.events, { seq: 1 });
    expect(stored?.subject).toBe(`${bus.namespace}.pipe.events.${teamPartition('acme')}.acme.github.delivery_skipped`);
  });

  it('refuses deletes and purges of the event log', async () => {
    await publishEvent(bus.js, bus.names, sampleEvent(), { msgId: 'y' });
    await expect(bus.jsm.streams.deleteMessage(bus.names.events, 1)).rejects.toThrow();
    await expect(bus.jsm.streams.purge(bus.names.events)).rejects.toThrow();
    const info = await bus.jsm.streams.info(bus.names.events);
    expect(info.config.max_age).toBe(0);
    expect(info.config.storage).toBe('file');
    expect(info.state.messages).toBe(1);
  });
});
