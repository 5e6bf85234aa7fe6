import { createHmac, timingSafeEqual } from 'node:crypto';
import { IngestError, type VerifyContext, headerValue } from '../kit/index.js';

/**
 * Verifies Jira Cloud's `X-Hub-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body keyed by
 * the secret set on the webhook (Jira admin → System → Webhooks → Secret). Atlassian ships no
 * verifier for it (jira.js leaves verification to the app), so this is node:crypto with a
 * constant-time comparison.
 */
export function verifyJiraSignature({ headers, rawBody, secret }: VerifyContext): void {
  const signature = headerValue(headers, 'x-hub-signature');
  if (!signature) {
    throw new IngestError('SIGNATURE_MISSING', "X-Hub-Signature is missing: set the webhook's Secret in Jira to the team's jira secret");
  }
  const [method, hex] = signature.split('=', 2);
  if (method !== 'sha256' || !hex || !/^[0-9a-f]{64}$/i.test(hex)) {
    throw new IngestError(
      'SIGNATURE_INVALID',
      'X-Hub-Signature is not sha256=<hex>: Pipe accepts only the HMAC-SHA256 signatures Jira Cloud sends',
    );
  }
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(hex, 'hex'))) {
    throw new IngestError(
      'SIGNATURE_INVALID',
      "X-Hub-Signature does not match: the webhook's Secret in Jira differs from the team's jira secret",
    );
  }
}
