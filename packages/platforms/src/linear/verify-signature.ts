import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { IngestError, type VerifyContext, headerValue } from '../kit/index.js';

/**
 * Verifies a Linear delivery with Linear's own verifier (`LinearWebhookClient.verify` from
 * `@linear/sdk/webhooks`): `Linear-Signature` is the hex HMAC-SHA256 of the raw body keyed by the
 * webhook's signing secret, and the signed body's `webhookTimestamp` must be within 60 s of now.
 * The SDK throws plain errors; they are answered as the kit's 401s (`SIGNATURE_INVALID`,
 * `TIMESTAMP_STALE`), and a signed body that is not JSON as 400 `MALFORMED_BODY`.
 */
export function verifyLinearSignature({ headers, rawBody, secret }: VerifyContext): void {
  const signature = headerValue(headers, 'linear-signature');
  if (!signature) {
    throw new IngestError('SIGNATURE_MISSING', 'Linear-Signature is missing: deliveries must come from a Linear webhook');
  }
  try {
    new LinearWebhookClient(secret).verify(rawBody, signature);
  } catch (cause) {
    if (cause instanceof SyntaxError)
      throw new IngestError('MALFORMED_BODY', 'the signed body is not valid JSON: send the Linear payload unchanged', { cause });
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/timestamp/i.test(message)) {
      throw new IngestError(
        'TIMESTAMP_STALE',
        "webhookTimestamp is missing or more than 60 s from now: a replayed delivery, or this server's clock is off (check NTP)",
        { cause },
      );
    }
    throw new IngestError(
      'SIGNATURE_INVALID',
      "Linear-Signature does not match: store the webhook's signing secret with `pipe team set-secret <team> linear <secret>`",
      {
        cause,
      },
    );
  }
}
