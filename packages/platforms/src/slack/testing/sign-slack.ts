import { createHmac } from 'node:crypto';

/**
 * The headers Slack sends with a delivery signed by `signingSecret` at `timestampSec` (default
 * now): `X-Slack-Request-Timestamp` and `X-Slack-Signature` = `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{body}` — written out here as Slack's guide describes it, independent of the
 * verifier under test.
 */
export function slackSignedHeaders(
  signingSecret: string,
  body: string,
  timestampSec = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': `v0=${signature}` };
}
