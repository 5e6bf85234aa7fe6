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
  const problems = parsed.error.issues.map((issue) => describeIssue(delivery.payload, issue));
  throw new GithubPayloadError(
    `the github '${delivery.event}' payload of delivery ${delivery.deliveryId} is invalid: ${problems.join('; ')}`,
    { cause: parsed.error },
  );
}

function describeIssue(payload: unknown, issue: z.core.$ZodIssue): string {
  const field = issue.path.length === 0 ? 'the payload' : formatPath(issue.path);
  // zod words a missing field as "expected string, received undefined"; "is missing" is what a
  // sender needs to read, so say that when the field is absent in the payload itself.
  return valueAt(payload, issue.path) === undefined ? `${field} is missing` : `${field} is invalid (${issue.message})`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
