import { verify } from '@octokit/webhooks-methods';
import { type IngestPlatform, IngestError, headerValue, requireHeader, skipDelivery } from '@pipe/ingest-kit';
import { GithubPayloadError, normalizeGithubDelivery } from './normalize/index.js';

const FROM_GITHUB = 'deliveries must come from a GitHub webhook';

/**
 * GitHub webhooks for the ingest kit: `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the
 * team's secret) checked by `@octokit/webhooks-methods`, `ping` answered 200, `X-GitHub-Delivery`
 * as the delivery id, and the normaliser in `./normalize`.
 */
export const githubPlatform: IngestPlatform = {
  platform: 'github',
  contentTypeHint: "set the webhook's content type to application/json in the GitHub webhook settings",
  rawHeaders: ['x-github-event', 'x-github-delivery', 'x-github-hook-id', 'x-github-hook-installation-target-type', 'x-github-hook-installation-target-id'],

  async verify({ headers, rawBody, secret }) {
    const signature = requireHeader(headers, 'x-hub-signature-256', 'set the webhook secret `pipe team create` printed', 'SIGNATURE_MISSING');
    if (!(await verify(secret, rawBody.toString('utf8'), signature))) {
      throw new IngestError('SIGNATURE_INVALID', "X-Hub-Signature-256 does not match: the webhook secret differs from the team's");
    }
  },

  handshake: {
    answer: ({ headers }) => (headerValue(headers, 'x-github-event') === 'ping' ? { status: 200, body: { ok: true, pong: true } } : null),
  },

  deliveryId: ({ headers }) => requireHeader(headers, 'x-github-delivery', FROM_GITHUB),

  normalize(delivery) {
    const event = requireHeader(delivery.headers, 'x-github-event', FROM_GITHUB);
    try {
      const result = normalizeGithubDelivery({ ...delivery, event });
      if (result.outcome === 'events') return result;
      const action = (delivery.payload as { action?: unknown } | null)?.action;
      return skipDelivery(event, typeof action === 'string' ? action : null, result.reason);
    } catch (error) {
      if (error instanceof GithubPayloadError) throw new IngestError('INVALID_PAYLOAD', error.message, { cause: error });
      throw error;
    }
  },
};
