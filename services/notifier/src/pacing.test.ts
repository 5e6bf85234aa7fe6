import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-schedule.js';
import { TokenBucket } from './token-bucket.js';

describe('retry delays', () => {
  it('double from the base with jitter over the upper half, capped at five minutes', () => {
    expect(retryDelayMs(1, 1000, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, undefined, () => 1)).toBe(8000);
    expect(retryDelayMs(30, 1000, undefined, () => 1)).toBe(300_000);
  });

  it('never come sooner than a destination’s Retry-After', () => {
    expect(retryDelayMs(1, 1000, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(6, 1000, 2000, () => 1)).toBe(3000);
  });
});

describe('token buckets', () => {
  it('allow the burst, then one message per interval', () => {
    const discord = new TokenBucket({ burst: 5, intervalMs: 2000 }, 0);
    expect(discord.available(0)).toBe(5);
    for (let i = 0; i < 5; i++) discord.take(0);
    expect(discord.available(0)).toBe(0);
    expect(discord.nextAt(0)).toBe(2000);
    expect(discord.available(1999)).toBe(0);
    expect(discord.available(2000)).toBe(1);
    // Thirty a minute, however it is spread.
    expect(discord.available(60_000)).toBe(5);
  });
});
