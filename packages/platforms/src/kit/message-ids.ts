import { createHash } from 'node:crypto';

/**
 * A delivery id as it may stand in a `Nats-Msg-Id`: itself when it is 1–200 printable ASCII
 * characters (every platform's real ids are), else `#` and a hash of it — a NATS header value
 * cannot hold CR or LF, and an id made from payload content (Discord's, the assistant's) could be
 * as long as the body.
 */
export function deliveryKey(deliveryId: string): string {
  return SAFE_KEY.test(deliveryId) ? deliveryId : `#${createHash('sha256').update(deliveryId).digest('hex').slice(0, 32)}`;
}

const SAFE_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * What every message id of one delivery starts with: `<team>:<platform>:<delivery key>:<content>`,
 * where `<content>` is 16 hex characters of the SHA-256 of what the delivery says
 * ({@link deliveryContent}). The team makes the same delivery sent to two teams two deliveries;
 * the content makes a redelivery (same id, same body) the same messages — stored once within the
 * duplicate window — and a delivery id that comes back with a different body new messages: a new
 * version of everything it says, raw record and events alike, never dropped as a duplicate.
 */
export function deliveryMsgIdBase(team: string, platform: string, deliveryId: string, content: Uint8Array | string): string {
  const digest = createHash('sha256').update(content).digest('hex').slice(0, 16);
  return `${team}:${platform}:${deliveryKey(deliveryId)}:${digest}`;
}

/** The `Nats-Msg-Id` of a delivery's `PIPE_RAW` record: `raw:<base>`. */
export const rawMsgId = (base: string): string => `raw:${base}`;

/** The `Nats-Msg-Id` of a delivery's n-th event (or its one `delivery.skipped`): `<base>:<n>`. */
export const eventMsgId = (base: string, n: number | 'skipped'): string => `${base}:${n}`;

/**
 * The bytes that identify what a delivery says, for {@link deliveryMsgIdBase}: the body `PIPE_RAW`
 * keeps, unless the platform names `retryFields` — fields it changes on every attempt of the same
 * delivery (Linear's `webhookTimestamp`, Notion's `attempt_number`) — then the kept body parsed,
 * without those fields, serialised again. `payload` is the parsed kept body when at hand.
 */
export function deliveryContent(keptBody: Uint8Array, retryFields: readonly string[] | undefined, payload?: unknown): Uint8Array | string {
  if (!retryFields || retryFields.length === 0) return keptBody;
  const parsed: unknown = payload ?? JSON.parse(Buffer.from(keptBody).toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return keptBody;
  const without: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
  for (const field of retryFields) delete without[field];
  return JSON.stringify(without);
}
