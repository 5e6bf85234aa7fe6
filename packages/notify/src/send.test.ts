import { describe, expect, it } from 'vitest';
import { classify, retryAfter } from './send.js';

describe('what a destination’s answer means', () => {
  it('2xx sent; 429 and 5xx retried; 404 and 410 gone; other 4xx failed for good', () => {
    expect(classify(200, {}, 'ok')).toEqual({ kind: 'sent', status: 200 });
    expect(classify(204, {}, '')).toEqual({ kind: 'sent', status: 204 });
    expect(classify(429, { 'retry-after': '3' }, '')).toMatchObject({ kind: 'retry', rateLimited: true, retryAfterMs: 3000 });
    expect(classify(503, {}, 'down')).toMatchObject({ kind: 'retry', rateLimited: false, reason: 'the destination failed (503 down)' });
    expect(classify(404, {}, 'no_service')).toMatchObject({ kind: 'gone' });
    expect(classify(410, {}, 'channel_is_archived')).toMatchObject({ kind: 'gone' });
    expect(classify(400, {}, 'invalid_blocks')).toMatchObject({ kind: 'failed' });
    expect(classify(403, {}, 'action_prohibited')).toMatchObject({ kind: 'failed' });
  });

  it('reads the wait from Retry-After (seconds or a date), Discord’s retry_after or Telegram’s parameters.retry_after', () => {
    expect(retryAfter({ 'retry-after': '1.5' }, '')).toBe(1500);
    const date = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfter({ 'retry-after': date }, '')).toBeGreaterThan(8000);
    expect(retryAfter({}, '{"message":"You are being rate limited.","retry_after":0.25,"global":false}')).toBe(250);
    expect(retryAfter({}, '{"ok":false,"error_code":429,"parameters":{"retry_after":7}}')).toBe(7000);
    expect(retryAfter({}, 'not json')).toBeUndefined();
  });
});
