import { discordPayloadKind } from './discord-payload-kind.js';

/** A reply sent instead of storing anything. */
export interface DiscordHandshakeReply {
  status: number;
  body?: unknown;
}

/**
 * Discord's endpoint checks, answered once the signature is verified:
 * - an interaction PING (`type: 1`), sent when the Interactions Endpoint URL is saved, is
 *   answered `{ "type": 1 }` (PONG);
 * - a webhook-event PING (`type: 0`), sent when the Webhook Events URL is saved, is answered
 *   204 with no body.
 * Anything else is a delivery (null).
 */
export function discordHandshake(payload: unknown): DiscordHandshakeReply | null {
  const kind = discordPayloadKind(payload);
  const type = (payload as { type?: unknown } | null)?.type;
  if (kind === 'interaction' && type === 1) return { status: 200, body: { type: 1 } };
  if (kind === 'webhook-event' && type === 0) return { status: 204 };
  return null;
}
