import { IngestError, type IngestPlatform } from '../kit/index.js';
import { type PageFetchJob, createContentFetcher } from './content-fetcher.js';
import { FETCHES_PAGE, NotionEvent, normalizeNotionDelivery } from './normalize/index.js';
import { normalizeNotionRecord } from './normalize/normalize-notion-record.js';
import { SYNC_RESOURCE_HEADER } from '../kit/platform-api.js';
import { verificationHandshake } from './verification-handshake.js';
import { verifyNotionSignature } from './verify-signature.js';

/** The secret name under which a team's Notion API token is stored (`pipe team set-secret <team> notion-api-token …`). */
export const NOTION_API_TOKEN = 'notion-api-token';

/** Options of {@link notionIngest}. */
export interface NotionIngestOptions {
  /** Where the Notion API is (default `https://api.notion.com`; tests point it at a local server). */
  apiBaseUrl?: string;
}

/** Notion's ingest side, with the queue of page-content fetches it started. */
export interface NotionIngest extends IngestPlatform {
  /** The page-content fetches queued after stored deliveries: `idle()` resolves when all finished. */
  contentFetches: { idle(): Promise<void> };
}

/**
 * Notion's webhooks: the `verification_token` handshake (before verification: Notion does not
 * sign it; the token is stored as the team's `notion` secret), `X-Notion-Signature` verified with
 * `@notionhq/client`, the event `id` as the delivery id (Notion keeps it across its retries), the
 * pure normaliser — and, once a page event is stored, a fetch of the page's content queued for
 * after the answer (`afterStore`; replay never runs it: its results are events in the log).
 */
export function notionIngest(options: NotionIngestOptions = {}): NotionIngest {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    platform: 'notion',
    contentTypeHint: 'Notion webhooks always send application/json; check the URL points at a Notion webhook subscription',
    rawHeaders: [],
    // Notion counts its attempts in the body (1 on the first, up to 8).
    retryFields: ['attempt_number'],
    handshake: {
      stage: 'before-verify',
      answer: (context) =>
        verificationHandshake(
          { get: (team) => context.io.secret(team, 'notion'), set: (team, token) => context.io.setSecret(team, 'notion', token) },
          context.io.logger,
        )(context),
    },
    verify: verifyNotionSignature,
    deliveryId({ payload }) {
      const id = (payload as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || id === '')
        throw new IngestError('INVALID_PAYLOAD', 'the Notion event has no id: deliveries must come from a Notion webhook subscription');
      return id;
    },
    normalize: (delivery) => {
      // A record a backfill read from the API (services/sync), live or re-run from PIPE_RAW.
      const resource = delivery.headers[SYNC_RESOURCE_HEADER];
      return resource ? normalizeNotionRecord(delivery, resource) : normalizeNotionDelivery(delivery);
    },
    afterStore(delivery, result, io) {
      const event = NotionEvent.safeParse(delivery.payload);
      const observed = result.outcome === 'events' ? result.events.find((each) => each.type === 'item.observed') : undefined;
      if (!event.success || !FETCHES_PAGE.has(event.data.type) || observed?.type !== 'item.observed') return;
      const job: PageFetchJob = {
        team: delivery.team,
        eventId: delivery.deliveryId,
        pageId: event.data.entity.id,
        eventVersion: observed.data.item.version,
        receivedAt: delivery.receivedAt,
        base: observed.data.item,
      };
      const fetcher = createContentFetcher({
        tokenFor: (team) => io.secret(team, NOTION_API_TOKEN),
        publisher: io,
        logger: io.logger,
        ...(options.apiBaseUrl ? { baseUrl: options.apiBaseUrl } : {}),
      });
      // One at a time, in order; the answer never waits for Notion's API.
      tail = tail.then(() => fetcher.run(job)).catch(() => undefined);
    },
    contentFetches: { idle: () => tail.then(() => undefined) },
  };
}
