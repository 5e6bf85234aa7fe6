import type { PipeEvent } from '@pipe/events';

/** One verified GitHub webhook delivery, as the HTTP layer hands it to the normaliser. */
export interface GithubDelivery {
  /** The tenant slug the webhook was registered for. */
  team: string;
  /** The `X-GitHub-Event` header, e.g. `issues`. */
  event: string;
  /** The `X-GitHub-Delivery` header; GitHub keeps it when it redelivers. */
  deliveryId: string;
  /** When Pipe received the delivery (ISO 8601). */
  receivedAt: string;
  /** The parsed JSON body. */
  payload: unknown;
}

/** A delivery that was deliberately not turned into events, and why. */
export interface SkippedDelivery {
  outcome: 'skipped';
  reason: string;
}

/**
 * What the normaliser made of a delivery: canonical events to publish, or a skip the HTTP layer
 * records as `delivery.skipped`. Invalid payloads are not an outcome: they throw
 * `GithubPayloadError`.
 */
export type NormalizeResult = { outcome: 'events'; events: PipeEvent[] } | SkippedDelivery;

/** A skip with a reason a person reading the log understands. */
export const skipped = (reason: string): SkippedDelivery => ({ outcome: 'skipped', reason });
