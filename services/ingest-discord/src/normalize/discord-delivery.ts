import type { PipeEvent } from '@pipe/events';

/** One verified Discord delivery, as the HTTP layer hands it to the normaliser. */
export interface DiscordDelivery {
  /** The tenant slug the endpoint was registered for. */
  team: string;
  /** The dedup key built from the payload (see `discordDeliveryId`); redeliveries share it. */
  deliveryId: string;
  /** When Pipe received the delivery (ISO 8601). */
  receivedAt: string;
  /** The parsed JSON body. */
  payload: unknown;
}

/** A delivery deliberately not turned into events, and why (recorded as `delivery.skipped`). */
export interface SkippedDiscordDelivery {
  outcome: 'skipped';
  /** The Discord event type (`MESSAGE_REACTION_ADD`, `APPLICATION_AUTHORIZED`, `interaction`…). */
  event: string;
  action: string | null;
  reason: string;
}

/** What the normaliser made of a delivery: events to publish, in order, or a skip. */
export type DiscordNormalizeResult = { outcome: 'events'; events: PipeEvent[] } | SkippedDiscordDelivery;

/** A skip with a reason a person reading the log understands. */
export const skipDiscord = (event: string, reason: string, action: string | null = null): SkippedDiscordDelivery => ({
  outcome: 'skipped',
  event,
  action,
  reason,
});
