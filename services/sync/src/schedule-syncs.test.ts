import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { streamNames } from '@pipe/bus';
import { describe, expect, it } from 'vitest';
import { runScheduler } from './schedule-syncs.js';

describe('the reconciliation scheduler', () => {
  it('keeps no listener of its own on the stop signal between rounds, and stops when it aborts', async () => {
    const stopping = new AbortController();
    let rounds = 0;
    // A database that fails every round: the scheduler logs it and tries again next round.
    const db = new Proxy(
      {},
      {
        get: () => {
          rounds++;
          throw new Error('Postgres is down');
        },
      },
    );
    const running = runScheduler(
      { db: db as never, bus: { js: {} as never }, names: streamNames('test'), logger: { info: () => undefined, warn: () => undefined } },
      { intervalMs: 60_000, fullIntervalMs: 3_600_000, windowDays: 90 },
      2,
      stopping.signal,
    );
    await sleep(100);
    expect(rounds).toBeGreaterThan(10);
    // One round's wait at most: each round's listener leaves with its timer.
    expect(getEventListeners(stopping.signal, 'abort').length).toBeLessThanOrEqual(1);
    stopping.abort();
    await running;
  });
});
