import type { PublishReceipt } from '@pipe/bus';
import { type DeliverySkipped, type PipeEvent, createEvent } from '@pipe/events';
import { type GithubDelivery, normalizeGithubDelivery } from './normalize/index.js';

/** The slice of the bus this service needs: store an event, resolve once JetStream acknowledged it. */
export type PublishEvent = (event: PipeEvent, msgId: string) => Promise<PublishReceipt>;

/** What a delivery became. */
export interface DeliveryResult {
  events: number;
  /** Every event was already stored (a redelivery). */
  duplicate: boolean;
  /** Why the delivery was recorded without being normalised. */
  skipped?: string;
}

/**
 * Normalises a verified delivery and stores its events, in order, each with a `Nats-Msg-Id` built
 * from the delivery id and its position, so a redelivered webhook is stored once. Resolves only
 * when every event was acknowledged; if any publish fails the caller answers 503 and the
 * platform's retry fills in the rest without doubling what was stored.
 */
export async function deliver(delivery: GithubDelivery, publish: PublishEvent): Promise<DeliveryResult> {
  const result = normalizeGithubDelivery(delivery);
  if (result.outcome === 'skipped') {
    const action = (delivery.payload as { action?: unknown } | null)?.action;
    const skipped = createEvent<DeliverySkipped>(
      { team: delivery.team, source: { platform: 'github', deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt }, occurredAt: delivery.receivedAt },
      { type: 'delivery.skipped', data: { event: delivery.event, action: typeof action === 'string' ? action : null, reason: result.reason } },
    );
    const receipt = await publish(skipped, `github:${delivery.deliveryId}:skipped`);
    return { events: 0, duplicate: receipt.duplicate, skipped: result.reason };
  }
  let duplicates = 0;
  for (const [index, event] of result.events.entries()) {
    const receipt = await publish(event, `github:${delivery.deliveryId}:${index}`);
    if (receipt.duplicate) duplicates += 1;
  }
  return { events: result.events.length, duplicate: result.events.length > 0 && duplicates === result.events.length };
}
