import { IngestError, type IngestPlatform, headerValue } from '../kit/index.js';
import { normalizeLinearDelivery } from './normalize/index.js';
import { normalizeLinearRecord } from './normalize/normalize-linear-record.js';
import { SYNC_RESOURCE_HEADER } from '../kit/platform-api.js';
import { verifyLinearSignature } from './verify-signature.js';

/**
 * Linear's webhooks: `Linear-Signature` + `webhookTimestamp` verified by `@linear/sdk`,
 * `Linear-Delivery` (a UUID per payload, kept across Linear's retries) as the delivery id, and the
 * normaliser.
 */
export const linearIngest: IngestPlatform = {
  platform: 'linear',
  contentTypeHint: 'Linear webhooks always send application/json; check the URL points at a Linear webhook',
  rawHeaders: ['linear-delivery', 'linear-event'],
  // Each attempt is signed anew with a fresh send time (verify refuses one older than 60 s).
  retryFields: ['webhookTimestamp'],
  verify: verifyLinearSignature,
  deliveryId({ headers }) {
    const id = headerValue(headers, 'linear-delivery');
    if (!id) throw new IngestError('MISSING_HEADER', 'Linear-Delivery is missing: deliveries must come from a Linear webhook');
    return id;
  },
  normalize: (delivery) => {
    // A record a backfill read from the GraphQL API (services/sync), live or re-run from PIPE_RAW.
    const resource = delivery.headers[SYNC_RESOURCE_HEADER];
    return resource ? normalizeLinearRecord(delivery, resource) : normalizeLinearDelivery(delivery);
  },
};
