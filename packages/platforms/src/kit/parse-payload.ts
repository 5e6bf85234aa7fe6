import type { z } from 'zod';
import { IngestError } from './ingest-error.js';

/**
 * Validates the part of a payload a normaliser reads. Throws 400 `INVALID_PAYLOAD` naming every
 * offending field (`event.channel is missing`), so whoever sent it can fix it. Declare only the
 * fields you read, with loose objects: platforms add fields freely and that must never be a 400.
 *
 * @param what names the payload in the message, e.g. `the <platform> 'message' event of delivery Ev123`.
 */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, payload: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw new IngestError('INVALID_PAYLOAD', `${what} is invalid: ${payloadProblems(payload, parsed.error).join('; ')}`, {
    cause: parsed.error,
  });
}

/** Each problem zod found in `payload`, worded for the sender: `issue.number is missing`. */
export function payloadProblems(payload: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => describeIssue(payload, issue));
}

function describeIssue(payload: unknown, issue: z.core.$ZodIssue): string {
  const field = issue.path.length === 0 ? 'the payload' : formatPath(issue.path);
  // zod words a missing field as "expected string, received undefined"; "is missing" is what a
  // sender needs to read.
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
