import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.js';

describe('RateMeter', () => {
  it('averages the last minute and forgets what is older', () => {
    let now = 1_000_000;
    const meter = new RateMeter('events', () => now);
    meter.mark(60);
    now += 30_000;
    meter.mark(60);
    expect(meter.perSecond()).toBe(2);
    now += 31_000;
    expect(meter.perSecond()).toBe(1);
    now += 120_000;
    expect(meter.perSecond()).toBe(0);
    expect(meter.total).toBe(120);
  });
});
