import type { IngestDelivery } from '../../kit/index.js';
import type { z } from 'zod';
import type { LinearEnvelope } from './linear-schemas.js';

/** A verified Linear delivery as the kit hands it over. */
export type LinearDelivery = Pick<IngestDelivery, 'team' | 'platform' | 'deliveryId' | 'receivedAt' | 'payload'>;

/** The documented envelope of a data change event, parsed. */
export type LinearEvent = z.infer<typeof LinearEnvelope>;

/** Describes a delivery in error messages: `the linear 'Issue' body of delivery <id>`. */
export const describeDelivery = (delivery: LinearDelivery, type: string): string =>
  `the linear '${type}' body of delivery ${delivery.deliveryId}`;

/** The past tense of Linear's actions, as the timeline says them. */
export function linearVerb(action: string): string {
  if (action === 'create') return 'created';
  if (action === 'update') return 'updated';
  if (action === 'remove') return 'removed';
  return action;
}
