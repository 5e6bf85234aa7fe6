import type { Bus } from '@pipe/bus';

/**
 * The raw JetStream publish rate of `payload` from this Node process: publishes with a
 * `Nats-Msg-Id` each, `window` in flight at once, for `seconds`; every one awaited until
 * JetStream acknowledged it. This is the ceiling an ingest service pays for one stored message.
 */
export async function rawPublishRate(bus: Bus, subject: string, payload: Uint8Array, seconds: number, window = 256): Promise<number> {
  let acked = 0;
  let n = 0;
  const deadline = performance.now() + seconds * 1000;
  const began = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      n += 1;
      await bus.js.publish(subject, payload, { msgID: `bench-raw-${began}-${n}` });
      acked += 1;
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return acked / ((performance.now() - began) / 1000);
}
