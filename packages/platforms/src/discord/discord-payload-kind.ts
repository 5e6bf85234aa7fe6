/**
 * Which of the three shapes Discord (or the Gateway relay) posts a body is:
 * - `gateway`: a Gateway dispatch `{ op: 0, t, s, d }` forwarded by the relay;
 * - `webhook-event`: Discord's HTTP webhook event `{ version, application_id, type: 0|1, event }`;
 * - `interaction`: an interaction `{ id, application_id, type, token }` (a PING or a command).
 * Anything else is `unknown`, which the caller answers as a malformed body.
 */
export type DiscordPayloadKind = 'gateway' | 'webhook-event' | 'interaction' | 'unknown';

/** Classifies a parsed body by the fields each shape always carries. */
export function discordPayloadKind(payload: unknown): DiscordPayloadKind {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'unknown';
  const body = payload as Record<string, unknown>;
  if (body.op === 0 && typeof body.t === 'string') return 'gateway';
  if (typeof body.token === 'string' && typeof body.type === 'number') return 'interaction';
  if (typeof body.version === 'number' && typeof body.application_id === 'string' && (body.type === 0 || body.type === 1)) {
    return 'webhook-event';
  }
  return 'unknown';
}
