import type { DeliveryFacts, IngestDelivery, SkippedDelivery } from '../../kit/index.js';
import { z } from 'zod';

/**
 * The Events API's outer envelope (`event_callback`), with only the fields Pipe reads. Objects
 * are loose: Slack adds fields freely, and an unknown one must never turn a delivery into a 400.
 */
export const SlackEnvelope = z.looseObject({
  type: z.literal('event_callback'),
  /** The workspace the app is installed in: the first part of every Slack item id. */
  team_id: z.string().min(1),
  event_id: z.string().min(1),
  /** When the event happened (epoch seconds). */
  event_time: z.number().int().nonnegative(),
  event: z.looseObject({ type: z.string().min(1), subtype: z.string().optional() }),
});
export type SlackEnvelope = z.infer<typeof SlackEnvelope>;

/** What one inner-event normaliser needs: the envelope's facts and the inner event. */
export interface SlackEventContext {
  delivery: IngestDelivery;
  teamId: string;
  eventId: string;
  eventTime: number;
  event: unknown;
}

/** A normaliser's answer: facts to turn into events, or a skip. */
export type SlackOutcome = DeliveryFacts | SkippedDelivery;
