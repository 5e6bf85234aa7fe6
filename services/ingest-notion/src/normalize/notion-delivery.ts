import type { IngestDelivery } from '@pipe/ingest-kit';

/** A verified Notion delivery as the kit hands it over. */
export type NotionDelivery = Pick<IngestDelivery, 'team' | 'platform' | 'deliveryId' | 'receivedAt' | 'payload'>;
