import { type KeyObject, sign } from 'node:crypto';

/**
 * The headers a Gateway relay sends with a forwarded dispatch: `X-Signature-Ed25519` over
 * `timestamp + body` with the relay's private key, exactly as Discord signs its own requests, and
 * `X-Signature-Timestamp` in Unix seconds. Tests use it too, with a key pair of their own.
 */
export function signDiscordDelivery(privateKey: KeyObject, body: string | Buffer, nowMs: number = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
  return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
}
