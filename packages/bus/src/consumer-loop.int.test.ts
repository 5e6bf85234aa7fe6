import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runConsumerLoop, type SettledMessage } from './consumer-loop.js';
import { DLQ_HEADERS } from './dead-letter.js';
import { ensureConsumer } from './ensure-consumer.js';
import { ack, deadLetter, type Outcome, release, retry, skip } from './outcome.js';
import { publishBytes } from './publish.js';
import { dlqSubject, eventsWildcard } from './stream-names.js';
import { createTestBus, type TestBus } from './testing/index.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('the consumer loop', () => {
  let bus: TestBus;
  beforeEach(async () => {
    bus = await createTestBus();
    await ensureConsumer(bus.jsm, { stream: bus.names.events, name: 'test', filterSubject: eventsWildcard(bus.names) });
  });
  afterEach(() => bus.cleanup());

  async function publish(...bodies: string[]) {
    for (const [i, body] of bodies.entries()) {
      await publishBytes(bus.js, `${bus.names.subjectRoot}.events.acme.github.x`, encoder.encode(body), { msgId: `m${i}` });
    }
  }

  /** Runs the loop until `settledCount` messages were settled, then stops it. */
  async function runUntil(settledCount: number, decide: (body: string, attempt: number) => Outcome) {
    const settled: SettledMessage[] = [];
    const controller = new AbortController();
    const batches: string[][] = [];
    await runConsumerLoop({
      js: bus.js,
      stream: bus.names.events,
      consumer: 'test',
      dlqSubject: dlqSubject(bus.names, 'test'),
      retry: { maxAttempts: 3, delayMs: () => 10 },
      signal: controller.signal,
      decode: (data) => {
        const body = decoder.decode(data);
        if (body === 'undecodable') throw new Error('not a message');
        return body;
      },
      handleBatch: async (batch) => {
        batches.push(batch.map((d) => d.value));
        return batch.map((d) => decide(d.value, d.deliveryCount));
      },
      onSettled: (s) => {
        settled.push(s);
        if (settled.filter((x) => x.outcome !== 'retry').length >= settledCount) controller.abort();
      },
    });
    return { settled, batches };
  }

  it('acks, skips, and hands every message to the handler in stream order', async () => {
    await publish('a', 'b', 'c');
    const { settled, batches } = await runUntil(3, (body) => (body === 'b' ? skip('not interesting') : ack()));
    expect(batches.flat()).toEqual(['a', 'b', 'c']);
    expect(settled.map((s) => [s.seq, s.outcome])).toEqual([
      [1, 'ack'],
      [2, 'skip'],
      [3, 'ack'],
    ]);
    // An ack is a message of its own that the server applies after it arrives: under load the
    // consumer's state can lag the loop's report by a moment, but it must get there.
    await vi.waitFor(
      async () => {
        const info = await bus.jsm.consumers.info(bus.names.events, 'test');
        expect(info.num_ack_pending).toBe(0);
        expect(info.num_pending).toBe(0);
      },
      { timeout: 5000, interval: 50 },
    );
  });

  it('retries a failing message and dead-letters it after the attempt bound, then goes on', async () => {
    await publish('poison', 'fine');
    const attempts: number[] = [];
    const { settled } = await runUntil(2, (body, attempt) => {
      if (body !== 'poison') return ack();
      attempts.push(attempt);
      return retry(new Error('cannot apply poison'));
    });
    expect(attempts).toEqual([1, 2, 3]);
    expect(settled.filter((s) => s.outcome === 'dead-letter').map((s) => s.seq)).toEqual([1]);
    expect(settled.some((s) => s.seq === 2 && s.outcome === 'ack')).toBe(true);

    const dead = await bus.jsm.streams.getMessage(bus.names.dlq, { seq: 1 });
    expect(dead ? decoder.decode(dead.data) : null).toBe('poison');
    expect(dead?.header.get(DLQ_HEADERS.error)).toBe('cannot apply poison');
    expect(dead?.header.get(DLQ_HEADERS.streamSeq)).toBe('1');
    expect(dead?.header.get(DLQ_HEADERS.deliveries)).toBe('3');
  });

  it('hands a released message back at once and never dead-letters it, past the attempt bound too', async () => {
    await publish('rewound');
    const settled: SettledMessage[] = [];
    const controller = new AbortController();
    await runConsumerLoop({
      js: bus.js,
      stream: bus.names.events,
      consumer: 'test',
      dlqSubject: dlqSubject(bus.names, 'test'),
      retry: { maxAttempts: 2, delayMs: () => 60_000 },
      signal: controller.signal,
      decode: (data) => decoder.decode(data),
      handleBatch: async (batch) => batch.map((d) => (d.deliveryCount <= 3 ? release('going back to the checkpoint') : ack())),
      onSettled: (s) => {
        settled.push(s);
        if (s.outcome === 'ack') controller.abort();
      },
    });
    expect(settled.map((s) => s.outcome)).toEqual(['release', 'release', 'release', 'ack']);
    expect((await bus.jsm.streams.info(bus.names.dlq)).state.messages).toBe(0);
  });

  it('dead-letters undecodable messages and explicit dead letters at once', async () => {
    await publish('undecodable', 'invalid', 'ok');
    const { settled } = await runUntil(3, (body) => (body === 'invalid' ? deadLetter(new Error('invalid event')) : ack()));
    expect(settled.map((s) => s.outcome)).toEqual(['dead-letter', 'dead-letter', 'ack']);
    const info = await bus.jsm.streams.info(bus.names.dlq);
    expect(info.state.messages).toBe(2);
  });

  it('redelivers whatever a stopped loop did not settle', async () => {
    await publish('a', 'b');
    const controller = new AbortController();
    controller.abort();
    await runConsumerLoop({
      js: bus.js,
      stream: bus.names.events,
      consumer: 'test',
      dlqSubject: dlqSubject(bus.names, 'test'),
      signal: controller.signal,
      decode: (data) => decoder.decode(data),
      handleBatch: async (batch) => batch.map(() => ack()),
    });
    const { batches } = await runUntil(2, () => ack());
    expect(batches.flat()).toEqual(['a', 'b']);
  });
});
