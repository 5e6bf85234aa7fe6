import { payloadProblems } from '@pipe/ingest-kit';
import type { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import { GithubPayloadError } from './github-payload-error.js';

/**
 * Validates the part of a delivery's payload a normaliser reads. Throws `GithubPayloadError`
 * naming every offending field (`issue.number is missing`), so whoever sent the payload can fix it.
 */
export function parseGithubPayload<Schema extends z.ZodType>(schema: Schema, delivery: GithubDelivery): z.output<Schema> {
  const parsed = schema.safeParse(delivery.payload);
  if (parsed.success) return parsed.data;
  throw new GithubPayloadError(
    `the github '${delivery.event}' payload of delivery ${delivery.deliveryId} is invalid: ${payloadProblems(delivery.payload, parsed.error).join('; ')}`,
    { cause: parsed.error },
  );
}
