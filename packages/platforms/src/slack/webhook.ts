// Bolt's verifier module alone: the package's index loads the whole app framework (express, axios, the Web API client), ~35 MB resident in every process that imports the platforms.
import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';
import { type IngestPlatform, IngestError, assertFreshTimestamp, requireHeader } from '../kit/index.js';
import { normalizeSlackDelivery } from './normalize/index.js';
import { normalizeSlackRecord } from './normalize/normalize-slack-record.js';
import { SYNC_RESOURCE_HEADER } from '../kit/platform-api.js';

/** Slack's own limit: a request more than five minutes away from now is refused. */
export const SLACK_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

const SIGNING_HINT =
  "set the app's Request URL to the one `pipe team create` printed, and store its signing secret with `pipe team set-secret <team> slack <signing secret>`";

/**
 * Slack's Events API. Verification uses Slack's own verifier
 * (`verifySlackRequest` from `@slack/bolt`: HMAC-SHA256 `v0=` over `v0:{timestamp}:{raw body}`
 * with the app's signing secret), after refusing timestamps more than five minutes off in either
 * direction (Bolt checks only the past). `url_verification` is answered with its challenge;
 * `event_id` is the delivery id, so a retry (`X-Slack-Retry-Num`) is stored once. Accepted
 * deliveries are answered 200, as Slack expects, well inside its 3 seconds.
 */
export const slackIngest: IngestPlatform = {
  platform: 'slack',
  contentTypeHint: 'Pipe takes Slack Events API deliveries (JSON); interactivity and slash commands are not ingested',
  rawHeaders: ['x-slack-request-timestamp', 'x-slack-retry-num', 'x-slack-retry-reason'],
  acceptedStatus: 200,

  verify({ headers, rawBody, secret, nowMs }) {
    const signature = requireHeader(headers, 'x-slack-signature', SIGNING_HINT, 'SIGNATURE_MISSING');
    const timestamp = requireHeader(headers, 'x-slack-request-timestamp', SIGNING_HINT, 'SIGNATURE_MISSING');
    const seconds = /^\d+$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    assertFreshTimestamp(seconds * 1000, nowMs, SLACK_TIMESTAMP_TOLERANCE_MS, 'X-Slack-Request-Timestamp');
    try {
      verifySlackRequest({
        signingSecret: secret,
        body: rawBody.toString('utf8'),
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
        nowMilliseconds: nowMs,
      });
    } catch (cause) {
      throw new IngestError(
        'SIGNATURE_INVALID',
        "X-Slack-Signature does not match: the signing secret stored for this team differs from the Slack app's (Basic Information → Signing Secret)",
        { cause },
      );
    }
  },

  handshake: {
    answer({ payload }) {
      const body = payload as { type?: unknown; challenge?: unknown } | null;
      if (body?.type !== 'url_verification') return null;
      if (typeof body.challenge !== 'string') throw new IngestError('INVALID_PAYLOAD', 'a url_verification request without a challenge');
      return { status: 200, body: { challenge: body.challenge } };
    },
  },

  deliveryId({ payload }) {
    const body = payload as { event_id?: unknown; type?: unknown; team_id?: unknown; minute_rate_limited?: unknown } | null;
    if (typeof body?.event_id === 'string' && body.event_id !== '') return body.event_id;
    // Slack's rate-limit notice has no event id; its team and minute identify it.
    if (body?.type === 'app_rate_limited') return `app_rate_limited:${String(body.team_id)}:${String(body.minute_rate_limited)}`;
    throw new IngestError('INVALID_PAYLOAD', 'event_id is missing: Slack Events API deliveries always carry one');
  },

  normalize: (delivery) => {
    // A record a backfill read from the Web API (services/sync), live or re-run from PIPE_RAW.
    const resource = delivery.headers[SYNC_RESOURCE_HEADER];
    return resource ? normalizeSlackRecord(delivery, resource) : normalizeSlackDelivery(delivery);
  },
};
