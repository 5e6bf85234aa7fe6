import { createTestBus, type TestBus } from '@pipe/bus/testing';
import type { ChangeNotice } from '@pipe/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeAnnouncer } from './change-announcer.js';

const notice = (eventSeq: number): ChangeNotice => ({
  team: 'acme',
  projection: 'projector',
  eventSeq,
  committedAt: new Date().toISOString(),
  changes: [
    { itemId: `github:issue:octo/demo#${eventSeq}`, platform: 'github', kind: 'issue', container: 'octo/demo', change: 'upserted' },
  ],
});

describe('ChangeAnnouncer', () => {
  let bus: TestBus;
  beforeAll(async () => {
    bus = await createTestBus();
  });
  afterAll(() => bus.cleanup());

  it('stores every notice in the order the batches committed, and drain waits until they are stored', async () => {
    const errors: object[] = [];
    const announcer = new ChangeAnnouncer({ bus, names: bus.names, logger: { error: (obj) => errors.push(obj) } });
    for (let seq = 1; seq <= 20; seq++) announcer.announce([notice(seq)]);
    await announcer.drain();
    const stored = (await bus.jsm.streams.info(bus.names.changes)).state.messages;
    expect(stored).toBe(20);
    const seqs: number[] = [];
    for (let n = 1; n <= 20; n++)
      seqs.push((await bus.jsm.streams.getMessage(bus.names.changes, { seq: n }))?.json<ChangeNotice>().eventSeq ?? -1);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(errors).toEqual([]);
  });
});
