import { type DeliverySkipped, type PipeEvent, createEvent } from '@pipe/events';
import { type IngestDelivery, type NormalizeResult, eventMsgId, rawMsgId, storableEvents } from '@pipe/platforms';
import type { IngestPublisher } from './publisher.js';

/** What an accepted delivery became; the body of the 2xx answer (with `accepted` and `delivery`). */
export interface StoredDelivery {
  /** Events stored (0 when skipped). */
  events: number;
  /** Everything was already stored: a redelivery. */
  duplicate: boolean;
  /** Why the delivery was recorded as `delivery.skipped` instead of normalised. */
  skipped?: string;
}

/**
 * Stores a normalised delivery whose events `storableEvents` returned: its raw record in `PIPE_RAW`, then its events (or one
 * `delivery.skipped`) in `PIPE_EVENTS`, each with a `Nats-Msg-Id` made from `msgIdBase`
 * (`deliveryMsgIdBase` in `@pipe/platforms`: the team, the delivery id and a hash of the body), so
 * a redelivery is stored once per team and a changed body under the same delivery id is stored
 * whole, raw record and events, as a new version. The publishes are pipelined on one connection, which keeps their
 * order in the streams; the promise resolves only when every one was acknowledged, and rejects
 * (→ 503) if any was not — the platform's retry then fills the gaps without doubling anything.
 */
export async function storeDelivery(
  delivery: IngestDelivery,
  result: NormalizeResult,
  publisher: IngestPublisher,
  msgIdBase: string,
): Promise<StoredDelivery> {
  const raw = publisher.publishRaw(
    {
      team: delivery.team,
      platform: delivery.platform,
      deliveryId: delivery.deliveryId,
      receivedAt: delivery.receivedAt,
      headers: { ...delivery.headers },
      body: delivery.rawBody,
    },
    rawMsgId(msgIdBase),
  );
  if (result.outcome === 'skipped') {
    // Checked like every other event, because the publisher encodes without parsing again.
    const [event] = storableEvents(
      [
        createEvent<DeliverySkipped>(
          {
            team: delivery.team,
            source: { platform: delivery.platform, deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt },
            occurredAt: delivery.receivedAt,
          },
          { type: 'delivery.skipped', data: { event: result.event, action: result.action, reason: result.reason } },
        ),
      ],
      delivery.platform,
    ) as [PipeEvent];
    const [, receipt] = await Promise.all([raw, publisher.publishEvent(event, eventMsgId(msgIdBase, 'skipped'))]);
    return { events: 0, duplicate: receipt.duplicate, skipped: result.reason };
  }
  const receipts = await Promise.all([raw, ...result.events.map((event, n) => publisher.publishEvent(event, eventMsgId(msgIdBase, n)))]);
  const eventReceipts = receipts.slice(1);
  return {
    events: eventReceipts.length,
    duplicate: eventReceipts.length > 0 ? eventReceipts.every((receipt) => receipt.duplicate) : receipts[0]?.duplicate === true,
  };
}
