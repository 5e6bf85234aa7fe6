import { verify } from '@octokit/webhooks-methods';
import { IngestError } from '../kit/ingest-error.js';
import type { IngestPlatform } from '../kit/ingest-platform.js';
import { headerValue, requireHeader } from '../kit/headers.js';
import { normalizeGithubDelivery } from './normalize/index.js';
import { SYNC_RESOURCE_HEADER } from '../kit/platform-api.js';
import { normalizeGithubRecord } from './api/normalize-github-record.js';

const FROM_GITHUB = 'deliveries must come from a GitHub webhook';

/**
 * GitHub webhooks: `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the team's secret)
 * checked by `@octokit/webhooks-methods`, `ping` answered 200, `X-GitHub-Delivery` as the
 * delivery id, and the pure normaliser in `./normalize` (the event name is `X-GitHub-Event`).
 */
export const githubIngest: IngestPlatform = {
  platform: 'github',
  contentTypeHint: "set the webhook's content type to application/json in the GitHub webhook settings",
  rawHeaders: [
    'x-github-event',
    'x-github-delivery',
    'x-github-hook-id',
    'x-github-hook-installation-target-type',
    'x-github-hook-installation-target-id',
  ],

  async verify({ headers, rawBody, secret }) {
    const signature = requireHeader(
      headers,
      'x-hub-signature-256',
      'set the webhook secret `pipe team create` printed',
      'SIGNATURE_MISSING',
    );
    if (!(await verify(secret, rawBody.toString('utf8'), signature))) {
      throw new IngestError('SIGNATURE_INVALID', "X-Hub-Signature-256 does not match: the webhook secret differs from the team's");
    }
  },

  handshake: {
    answer: ({ headers }) => (headerValue(headers, 'x-github-event') === 'ping' ? { status: 200, body: { ok: true, pong: true } } : null),
  },

  deliveryId: ({ headers }) => requireHeader(headers, 'x-github-delivery', FROM_GITHUB),

  normalize: (delivery) => {
    // A record a backfill read from the REST API (services/sync), live or re-run from PIPE_RAW.
    const resource = delivery.headers[SYNC_RESOURCE_HEADER];
    if (resource) return normalizeGithubRecord({ ...delivery, event: resource }, resource);
    return normalizeGithubDelivery({ ...delivery, event: requireHeader(delivery.headers, 'x-github-event', FROM_GITHUB) });
  },
};
