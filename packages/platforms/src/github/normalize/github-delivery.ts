import type { IngestDelivery, SkippedDelivery } from '../../kit/ingest-platform.js';
import { skipDelivery } from '../../kit/ingest-platform.js';
import { parsePayload } from '../../kit/parse-payload.js';
import type { z } from 'zod';

/**
 * One verified GitHub webhook delivery as the normaliser reads it: the kit's delivery, with the
 * `X-GitHub-Event` header (e.g. `issues`) as `event`.
 */
export type GithubDelivery = Pick<IngestDelivery, 'team' | 'deliveryId' | 'receivedAt' | 'payload'> & { event: string };

/** A skip of this delivery (its event and action recorded) with a reason a person reading the log understands. */
export function skipped(delivery: GithubDelivery, reason: string): SkippedDelivery {
  const action = (delivery.payload as { action?: unknown } | null)?.action;
  return skipDelivery(delivery.event, typeof action === 'string' ? action : null, reason);
}

/**
 * Validates the part of a delivery's payload a normaliser reads. Throws 400 `INVALID_PAYLOAD`
 * naming every offending field (`issue.number is missing`), so whoever sent the payload can fix it.
 */
export function parseGithubPayload<Schema extends z.ZodType>(schema: Schema, delivery: GithubDelivery): z.output<Schema> {
  return parsePayload(schema, delivery.payload, `the github '${delivery.event}' payload of delivery ${delivery.deliveryId}`);
}
