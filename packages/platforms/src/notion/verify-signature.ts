import { verifyWebhookSignature } from '@notionhq/client';
import { IngestError, type VerifyContext, headerValue } from '../kit/index.js';

/**
 * Verifies `X-Notion-Signature` (`sha256=<hex>`, the HMAC-SHA256 of the raw body keyed by the
 * subscription's verification token) with Notion's own helper, `verifyWebhookSignature` from
 * `@notionhq/client`, which compares in constant time.
 */
export async function verifyNotionSignature({ headers, rawBody, secret }: VerifyContext): Promise<void> {
  const signature = headerValue(headers, 'x-notion-signature');
  if (!signature) {
    throw new IngestError(
      'SIGNATURE_MISSING',
      'X-Notion-Signature is missing: deliveries must come from a verified Notion webhook subscription',
    );
  }
  if (!(await verifyWebhookSignature({ body: rawBody, signature, verificationToken: secret }))) {
    throw new IngestError(
      'SIGNATURE_INVALID',
      "X-Notion-Signature does not match the team's verification token: if the subscription was re-created, store its new token with `pipe team set-secret <team> notion <token>`",
    );
  }
}
