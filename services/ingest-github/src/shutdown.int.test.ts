import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { decodeEvent } from '@pipe/events';
import { startIngestProcess } from '@pipe/ingest-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERATED_SECRET_PLATFORMS } from '@pipe/platforms';
import { githubExample, signGithubBody } from '@pipe/platforms/testing';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('ingest-github stopped with SIGTERM under load', () => {
  let bus: TestBus;
  let t: TestDb;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  /** Every delivery id the events in PIPE_EVENTS came from. */
  async function storedDeliveries(): Promise<Set<string>> {
    const info = await bus.jsm.streams.info(bus.names.events);
    const ids = new Set<string>();
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
      const message = await bus.jsm.streams.getMessage(bus.names.events, { seq });
      if (message) ids.add(decodeEvent(message.data).source.deliveryId);
    }
    return ids;
  }

  it('answers the deliveries in flight, exits 0, and every 2xx-acknowledged delivery is in PIPE_EVENTS', async () => {
    const key = randomBytes(32);
    const team = await createTeam(t.db, new SecretBox(key), 'acme', undefined, GENERATED_SECRET_PLATFORMS);
    const secret = team.webhookSecrets.github as string;
    const ingest = startIngestProcess(MAIN, {
      NATS_URL: bus.url,
      DATABASE_URL: t.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
    });
    const port = await ingest.port;
    expect(port, ingest.output()).toBeGreaterThan(0);
    const url = `http://127.0.0.1:${port}/webhooks/github/acme`;
    const body = JSON.stringify(githubExample('issues', 'opened'));
    const signature = await signGithubBody(secret, body);

    const accepted: string[] = [];
    const refusedAfterStop: string[] = [];
    let stopSent = false;
    // Closed-loop senders, as platforms deliver: each posts, waits for the answer, posts again.
    const sender = async () => {
      for (;;) {
        const delivery = randomUUID();
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'issues',
              'x-github-delivery': delivery,
              'x-hub-signature-256': signature,
            },
            body,
          });
          await response.arrayBuffer();
          if (response.status === 202) accepted.push(delivery);
          else if (!stopSent) throw new Error(`delivery answered ${response.status} before SIGTERM: ${ingest.output()}`);
        } catch (error) {
          // Once the service stops listening, new requests are refused: the platform would retry them.
          if (!stopSent) throw error;
          refusedAfterStop.push(delivery);
          return;
        }
      }
    };
    let failure: unknown;
    const senders = Array.from({ length: 16 }, () => sender().catch((error: unknown) => void (failure ??= error)));
    let exitedEarly = false;
    void ingest.exited.then(() => (exitedEarly = true));
    while (accepted.length < 150 && failure === undefined && !exitedEarly) await new Promise((resolve) => setTimeout(resolve, 10));
    if (failure !== undefined) throw failure;
    ingest.child.kill('SIGTERM');
    stopSent = true;
    await Promise.all(senders);
    const ended = await ingest.exited;
    if (failure !== undefined) throw failure;

    expect(ended, ingest.output()).toEqual({ code: 0, signal: null });
    expect(ingest.output()).toMatch(/draining: no new deliveries/);
    expect(ingest.output()).toMatch(/"msg":"stopped"/);
    expect(refusedAfterStop.length).toBe(16);
    const stored = await storedDeliveries();
    const lost = accepted.filter((delivery) => !stored.has(delivery));
    expect(lost).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(150);
  });
});
