import { type IngestDelivery, type SkippedDelivery, skipDelivery } from '../../kit/index.js';

/** One verified Discord delivery as the normaliser reads it (its id is built from the payload: see `discordDeliveryId`). */
export type DiscordDelivery = Pick<IngestDelivery, 'team' | 'deliveryId' | 'receivedAt' | 'payload'>;

/** A skip with a reason a person reading the log understands (recorded as `delivery.skipped`). */
export const skipDiscord = (event: string, reason: string, action: string | null = null): SkippedDelivery =>
  skipDelivery(event, action, reason);
