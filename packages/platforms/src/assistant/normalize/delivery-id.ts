import { createHash } from 'node:crypto';

/**
 * The dedup key of a hook delivery. Hooks have no delivery id, so one is derived from what
 * identifies the moment: `<session_id>:<hook_event_name>:<tool_use_id>` for tool events (Claude
 * Code's unique id of the call), else `<session_id>:<hook_event_name>:<content hash>` — the
 * same input posted twice (a retried curl) shares it, a different one does not.
 */
export function assistantDeliveryId(payload: unknown): string {
  const body = (payload ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const session = text(body.session_id) ?? 'no-session';
  const event = text(body.hook_event_name) ?? 'no-event';
  const distinct = text(body.tool_use_id) ?? createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);
  return `${session}:${event}:${distinct}`;
}
