import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed generic webhook. */
export const SIGNATURE_HEADER = 'pipe-signature';
export const TIMESTAMP_HEADER = 'pipe-timestamp';
export const DELIVERY_HEADER = 'pipe-delivery';

/**
 * `sha256=<hex>`: HMAC-SHA256 with the rule's secret over `<timestamp>.<body>`, where the
 * timestamp is the `Pipe-Timestamp` header (Unix seconds) and the body the raw request bytes.
 * Signing the timestamp with the body lets a receiver refuse replays of an old request.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (docs/notifications.md shows the same in a few lines): recompute the
 * signature over the raw body, compare in constant time, and refuse a timestamp older than
 * `toleranceSeconds` (default five minutes).
 */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
