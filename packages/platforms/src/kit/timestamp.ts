import { IngestError } from './ingest-error.js';

/**
 * Rejects a signed timestamp more than `toleranceMs` away from `nowMs`, in either direction,
 * with 401 `TIMESTAMP_STALE` — a replayed request, or a clock that is off. `timestampMs` is epoch
 * milliseconds (convert seconds first); NaN counts as stale.
 *
 * @example assertFreshTimestamp(Number(ts) * 1000, ctx.nowMs, 5 * 60_000, 'X-Request-Timestamp')
 */
export function assertFreshTimestamp(timestampMs: number, nowMs: number, toleranceMs: number, what: string): void {
  if (!Number.isFinite(timestampMs)) {
    throw new IngestError('TIMESTAMP_STALE', `${what} is not a timestamp: deliveries must come from the platform itself`);
  }
  const skewMs = Math.abs(nowMs - timestampMs);
  if (skewMs > toleranceMs) {
    throw new IngestError(
      'TIMESTAMP_STALE',
      `${what} is ${Math.round(skewMs / 1000)} s away from now (at most ${Math.round(toleranceMs / 1000)} s allowed): a replayed request, or this server's clock is off (check NTP)`,
    );
  }
}
