import { getWebhookSecret, setWebhookSecret } from '@pipe/db';
import { IngestError, type IngestPlatform, type IngestResources, busPublisher } from '@pipe/ingest-kit';
import type { Logger } from 'pino';
import { type ContentFetcher, createContentFetcher } from './content-fetcher.js';
import { FETCHES_PAGE, NotionEvent, normalizeNotionDelivery } from './normalize/index.js';
import { type VerificationTokenStore, verificationHandshake } from './verification-handshake.js';
import { verifyNotionSignature } from './verify-signature.js';

/** The secret key under which a team's Notion API token is stored (`pipe team set-secret <team> notion-api-token …`). */
export const NOTION_API_TOKEN = 'notion-api-token';

/** What the Notion platform needs besides the kit. */
export interface NotionPlatformDeps {
  tokens: VerificationTokenStore;
  fetcher: ContentFetcher;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Notion on the ingest kit: the `verification_token` handshake (before verification: Notion
 * does not sign it), `X-Notion-Signature` verified with `@notionhq/client`, the event `id` as the
 * delivery id (Notion keeps it across its retries), the normaliser — and, for page events, a
 * content fetch queued for after the answer.
 */
export function notionPlatform(deps: NotionPlatformDeps): IngestPlatform {
  return {
    platform: 'notion',
    contentTypeHint: 'Notion webhooks always send application/json; check the URL points at a Notion webhook subscription',
    rawHeaders: [],
    handshake: { stage: 'before-verify', answer: verificationHandshake(deps.tokens, deps.logger) },
    verify: verifyNotionSignature,
    deliveryId({ payload }) {
      const id = (payload as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || id === '') throw new IngestError('INVALID_PAYLOAD', 'the Notion event has no id: deliveries must come from a Notion webhook subscription');
      return id;
    },
    normalize(delivery) {
      const result = normalizeNotionDelivery(delivery);
      const event = NotionEvent.safeParse(delivery.payload);
      const observed = result.outcome === 'events' ? result.events.find((each) => each.type === 'item.observed') : undefined;
      if (event.success && FETCHES_PAGE.has(event.data.type) && observed?.type === 'item.observed') {
        deps.fetcher.enqueue({
          team: delivery.team,
          eventId: delivery.deliveryId,
          pageId: event.data.entity.id,
          eventVersion: observed.data.item.version,
          receivedAt: delivery.receivedAt,
          base: observed.data.item,
        });
      }
      return result;
    },
  };
}

/** The service's extra configuration fields, read by the kit (see `main.ts`). */
export interface NotionConfig {
  /** Where the Notion API is (tests point it at a local server). */
  NOTION_API_BASE_URL?: string;
}

/** The platform over the service's Postgres and NATS (what `runIngestService` and the tests build). */
export function notionPlatformFor(resources: Pick<IngestResources<NotionConfig>, 'db' | 'box' | 'bus' | 'names' | 'logger' | 'config'>): IngestPlatform & { fetcher: ContentFetcher } {
  const { db, box, logger } = resources;
  const fetcher = createContentFetcher({
    tokenFor: (team) => getWebhookSecret(db, box, team, NOTION_API_TOKEN),
    publisher: busPublisher(resources.bus, resources.names),
    logger,
    ...(resources.config.NOTION_API_BASE_URL ? { baseUrl: resources.config.NOTION_API_BASE_URL } : {}),
  });
  const tokens: VerificationTokenStore = {
    get: (team) => getWebhookSecret(db, box, team, 'notion'),
    set: (team, token) => setWebhookSecret(db, box, team, 'notion', token),
  };
  return { ...notionPlatform({ tokens, fetcher, logger }), fetcher };
}
