import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishBytes } from './publish.js';
import { openStreamReader } from './stream-reader.js';
import { createTestBus, type TestBus } from './testing/index.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('reading a stream in order (openStreamReader)', () => {
  let bus: TestBus;
  beforeEach(async () => {
    bus = await createTestBus();
    for (const [i, team] of ['acme', 'beta', 'acme', 'acme'].entries()) {
      await publishBytes(bus.js, `${bus.names.subjectRoot}.changes.${team}`, encoder.encode(`${team}-${i + 1}`), { msgId: `m${i}` });
    }
  });
  afterEach(() => bus.cleanup());

  it('counts what it has to deliver and delivers it in stream order, from a sequence and a subject', async () => {
    const reader = await openStreamReader(bus.js, {
      stream: bus.names.changes,
      filterSubject: `${bus.names.subjectRoot}.changes.acme`,
      from: { seq: 2 },
    });
    try {
      expect(reader.pending).toBe(2);
      const seen: string[] = [];
      for await (const msg of await reader.messages({ bufferSize: 10 })) {
        seen.push(`${msg.seq}:${decoder.decode(msg.data)}`);
        if (msg.info.pending === 0) break;
      }
      expect(seen).toEqual(['3:acme-3', '4:acme-4']);
    } finally {
      await reader.close();
    }
  });

  it('fetches at most what is asked in one pull, and says when there is nothing to read', async () => {
    const reader = await openStreamReader(bus.js, { stream: bus.names.changes, inactiveMs: 10_000 });
    try {
      const seqs: number[] = [];
      for await (const msg of await reader.fetch(3, 2000)) {
        seqs.push(msg.seq);
        if (seqs.length === 3) break;
      }
      expect(seqs).toEqual([1, 2, 3]);
    } finally {
      await reader.close();
    }
    const past = await openStreamReader(bus.js, { stream: bus.names.changes, from: { seq: 5 } });
    expect(past.pending).toBe(0);
    await past.close();
  });
});
