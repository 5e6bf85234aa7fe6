import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AckPublisher } from './ack-publisher.js';
import { PublishError } from './publish.js';
import { createTestBus, type TestBus } from './testing/index.js';

const encoder = new TextEncoder();

describe('publishing with acknowledgement (AckPublisher)', () => {
  let bus: TestBus;
  let acks: AckPublisher;
  beforeEach(async () => {
    bus = await createTestBus();
    acks = new AckPublisher(bus.nc, 2000);
  });
  afterEach(async () => {
    acks.close();
    await bus.cleanup();
  });

  it('resolves with the stream’s ack, once per Nats-Msg-Id, with the extra headers stored', async () => {
    const subject = `${bus.names.subjectRoot}.raw.acme.github`;
    const first = await acks.publish(subject, encoder.encode('one'), 'm-1', { 'Pipe-Test': 'yes' });
    const again = await acks.publish(subject, encoder.encode('one'), 'm-1');
    expect(first).toEqual({ stream: bus.names.raw, seq: 1, duplicate: false });
    expect(again).toEqual({ stream: bus.names.raw, seq: 1, duplicate: true });
    const stored = await bus.jsm.streams.getMessage(bus.names.raw, { seq: 1 });
    expect(stored?.header.get('Pipe-Test')).toBe('yes');
  });

  it('rejects with PublishError when no stream takes the subject', async () => {
    await expect(acks.publish(`${bus.names.subjectRoot}.nowhere`, encoder.encode('x'), 'm-2')).rejects.toThrow(PublishError);
    await expect(acks.publish(`${bus.names.subjectRoot}.nowhere`, encoder.encode('x'), 'm-3')).rejects.toThrow(/no leader yet/);
  });

  it('rejects every publish on a closed connection', async () => {
    const closed = await createTestBus();
    await closed.cleanup();
    const offline = new AckPublisher(closed.nc, 500);
    await expect(offline.publish(`${bus.names.subjectRoot}.raw.acme.github`, encoder.encode('x'), 'm-4')).rejects.toThrow(PublishError);
    offline.close();
  });
});
