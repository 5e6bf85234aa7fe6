import type { IngestDelivery } from '../../kit/index.js';

/** A verified Notion delivery as the kit hands it over. */
export type NotionDelivery = Pick<IngestDelivery, 'team' | 'platform' | 'deliveryId' | 'receivedAt' | 'payload'>;
